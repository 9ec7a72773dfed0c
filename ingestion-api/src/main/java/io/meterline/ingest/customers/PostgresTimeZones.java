package io.meterline.ingest.customers;

import java.util.HashSet;
import java.util.Set;

import io.meterline.ingest.http.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Postgres half of the rule for customers.time_zone: Postgres computes every local day (rollups, audit,
 * webhooks), so a name it does not know would fail that customer's days; such a name is refused with 422 when it
 * is set. The JVM knows a few names Postgres does not ({@code SystemV/EST5} ...). The names are read from
 * pg_timezone_names once per process (a scan of the zone files, too slow per request); a Postgres whose tz data
 * changes is seen after a restart.
 */
@ApplicationScoped
public class PostgresTimeZones {

    private final Pool pool;
    private volatile Set<String> names;

    public PostgresTimeZones(Pool pool) {
        this.pool = pool;
    }

    /** Whether Postgres knows {@code zone} by that name. */
    public Uni<Boolean> knows(String zone) {
        Set<String> known = names;
        if (known != null) {
            return Uni.createFrom().item(known.contains(zone));
        }
        return pool.query("SELECT name FROM pg_timezone_names").execute().map(rows -> {
            Set<String> read = new HashSet<>(rows.rowCount());
            rows.forEach(row -> read.add(row.getString("name")));
            names = Set.copyOf(read);
            return read.contains(zone);
        });
    }

    /** Fails with 422 naming time_zone unless Postgres knows {@code zone}; null (not given) passes. */
    public Uni<Void> require(String zone) {
        if (zone == null) {
            return Uni.createFrom().voidItem();
        }
        return knows(zone).map(known -> {
            if (!known) {
                throw ApiException.invalid("time_zone", TimeZones.UNKNOWN
                        + " (known to Postgres too)");
            }
            return null;
        });
    }
}
