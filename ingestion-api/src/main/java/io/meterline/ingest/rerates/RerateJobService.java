package io.meterline.ingest.rerates;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads re-rating jobs; they are created by RateService (PUT /v1/admin/rates with "rerate": true). */
@ApplicationScoped
public class RerateJobService {

    private final Pool pool;
    private final RerateJobRepository jobs;

    public RerateJobService(Pool pool, RerateJobRepository jobs) {
        this.pool = pool;
        this.jobs = jobs;
    }

    public Uni<RerateJobView> get(String id) {
        UUID uuid = uuidOrNull(id);
        if (uuid == null) {
            return Uni.createFrom().failure(notFound(id));
        }
        return jobs.find(pool, uuid).map(row -> {
            if (row == null) {
                throw notFound(id);
            }
            return RerateJobView.of(row);
        });
    }

    public Uni<Page<RerateJobView>> list(String limit, String cursor) {
        int size = Paging.limit(limit);
        Paging.TimeAndId after = Paging.decodeTimeAndId(cursor);
        OffsetDateTime created = after.time() == null ? null : after.time().atOffset(ZoneOffset.UTC);
        return jobs.list(pool, created, after.id(), size + 1)
                .map(rows -> Paging.page(rows, size, RerateJobView::of,
                        row -> Paging.encode(row.createdAt().toString(), row.id().toString())));
    }

    private static UUID uuidOrNull(String id) {
        try {
            return id != null && id.length() == 36 ? UUID.fromString(id) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("No re-rating job with this id");
    }
}
