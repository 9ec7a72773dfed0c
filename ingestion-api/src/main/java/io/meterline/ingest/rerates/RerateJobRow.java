package io.meterline.ingest.rerates;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code rerate_jobs} (V21), its scopes unpacked. */
public record RerateJobRow(UUID id, String status, List<Scope> scopes, List<Long> rateIds, List<Long> supersededRateIds,
        long rowsExamined, long rowsChanged, long rowsUnpriceable, int walletsSettled, BigDecimal oldCredits,
        BigDecimal newCredits, Instant createdAt, Instant startedAt, Instant scannedAt, Instant finishedAt) {

    /** What a job prices again: rows of provider/model (or an alias) with event time in [validFrom, validUntil). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Scope(String provider, String model, Instant validFrom, Instant validUntil) {
    }

    static RerateJobRow from(Row row) {
        String[] providers = row.getArrayOfStrings("scope_provider");
        String[] models = row.getArrayOfStrings("scope_model");
        OffsetDateTime[] from = row.getArrayOfOffsetDateTimes("scope_from");
        OffsetDateTime[] until = row.getArrayOfOffsetDateTimes("scope_until");
        List<Scope> scopes = new ArrayList<>(providers.length);
        for (int i = 0; i < providers.length; i++) {
            scopes.add(new Scope(providers[i], models[i], from[i].toInstant(), instant(until[i])));
        }
        return new RerateJobRow(row.getUUID("id"), row.getString("status"), scopes,
                Arrays.asList(row.getArrayOfLongs("rate_ids")), Arrays.asList(row.getArrayOfLongs("superseded_rate_ids")),
                row.getLong("rows_examined"), row.getLong("rows_changed"), row.getLong("rows_unpriceable"),
                row.getInteger("wallets_settled"), row.getBigDecimal("old_credits"), row.getBigDecimal("new_credits"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("started_at")),
                instant(row.getOffsetDateTime("scanned_at")), instant(row.getOffsetDateTime("finished_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
