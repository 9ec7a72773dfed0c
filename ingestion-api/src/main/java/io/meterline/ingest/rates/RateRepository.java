package io.meterline.ingest.rates;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL on {@code provider_rates}. Versions of one (provider, lower(model), cost_type) never overlap: a new
 * version closes the open one at its valid_from. Every write fires the NOTIFY trigger that makes cost workers
 * reload their rates and re-price UNPRICED events.
 */
@ApplicationScoped
public class RateRepository {

    private static final String COLUMNS = """
            id, provider, model, cost_type, price_usd, unit_size, aliases, valid_from, valid_until, source, created_at""";
    /** Versions superseded by a re-rating correction (V21) are history: no query here but {@link #overlapping} sees them. */
    private static final String SAME_KEY = "provider = $1 AND lower(model) = lower($2) AND cost_type = $3 "
            + "AND superseded_by IS NULL";

    /** Serialises writers of one rate key until the transaction ends (callers lock keys in sorted order). */
    public Uni<Void> lockKey(SqlClient tx, String key) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").execute(Tuple.of(key))
                .replaceWithVoid();
    }

    /** The version starting exactly at {@code validFrom}, or null. */
    public Uni<RateRow> findVersion(SqlClient sql, String provider, String model, String costType, Instant validFrom) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM provider_rates WHERE " + SAME_KEY + " AND valid_from = $4")
                .execute(Tuple.of(provider, model, costType, utc(validFrom))).map(RateRepository::first);
    }

    /** The version with the latest valid_from (normally the open one), or null. */
    public Uni<RateRow> latest(SqlClient sql, String provider, String model, String costType) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM provider_rates WHERE " + SAME_KEY
                + " ORDER BY valid_from DESC LIMIT 1").execute(Tuple.of(provider, model, costType))
                .map(RateRepository::first);
    }

    /** A name claimed by another model of the provider: which model, and which name. */
    public record AliasClash(String otherModel, String name) {
    }

    /**
     * The first clash of {@code model} and its {@code aliases} with another model of the provider, or null: one of
     * the aliases (or the model itself) is an alias of another model, or one of the aliases is another model's
     * name. Compared case-insensitively, over every version (history included).
     */
    public Uni<AliasClash> aliasClash(SqlClient sql, String provider, String model, List<String> aliases) {
        return sql.preparedQuery("""
                WITH names AS (SELECT lower(n) AS name FROM unnest($3::text[]) AS u(n)),
                     others AS (SELECT model, aliases FROM provider_rates
                                 WHERE provider = $1 AND lower(model) <> lower($2))
                SELECT o.model, a.alias AS name FROM others o, unnest(o.aliases) AS a(alias)
                 WHERE lower(a.alias) = lower($2) OR lower(a.alias) IN (SELECT name FROM names)
                UNION ALL
                SELECT o.model, o.model FROM others o WHERE lower(o.model) IN (SELECT name FROM names)
                LIMIT 1
                """).execute(Tuple.of(provider, model, aliases.toArray(String[]::new)))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new AliasClash(row.getString("model"), row.getString("name"));
                });
    }

    public Uni<Void> close(SqlClient tx, long id, Instant validUntil) {
        return tx.preparedQuery("UPDATE provider_rates SET valid_until = $2 WHERE id = $1 AND valid_until IS NULL")
                .execute(Tuple.of(id, utc(validUntil))).replaceWithVoid();
    }

    public Uni<RateRow> insert(SqlClient tx, String provider, String model, String costType, BigDecimal priceUsd,
            long unitSize, List<String> aliases, Instant validFrom, String source) {
        return insert(tx, provider, model, costType, priceUsd, unitSize, aliases, validFrom, null, source);
    }

    /** A version with an end (a re-rating correction, or what it keeps of a version it replaces). */
    public Uni<RateRow> insert(SqlClient tx, String provider, String model, String costType, BigDecimal priceUsd,
            long unitSize, List<String> aliases, Instant validFrom, Instant validUntil, String source) {
        return tx.preparedQuery("""
                INSERT INTO provider_rates (provider, model, cost_type, price_usd, unit_size, aliases, valid_from,
                                            valid_until, source)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                RETURNING\s""" + COLUMNS)
                .execute(Tuple.from(Arrays.asList(provider, model, costType, priceUsd, unitSize,
                        aliases.toArray(String[]::new), utc(validFrom), utc(validUntil), source)))
                .map(RateRepository::first);
    }

    /**
     * Marks superseded by {@code job} the current versions of the key that overlap [from, until) (until null = no
     * end) and answers them, oldest first: the re-rating correction replaces them.
     */
    public Uni<List<RateRow>> supersede(SqlClient tx, String provider, String model, String costType, Instant from,
            Instant until, UUID job) {
        return tx.preparedQuery("UPDATE provider_rates SET superseded_by = $6 WHERE " + SAME_KEY + """
                 AND ($5::timestamptz IS NULL OR valid_from < $5) AND (valid_until IS NULL OR valid_until > $4)
                RETURNING\s""" + COLUMNS)
                .execute(Tuple.from(Arrays.asList(provider, model, costType, utc(from), utc(until), job)))
                .map(rows -> {
                    List<RateRow> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(RateRow.from(row)));
                    list.sort(Comparator.comparing(RateRow::validFrom));
                    return list;
                });
    }

    /**
     * Versions by id; each filter applies when not null. {@code model} also matches an alias; {@code at} keeps the
     * versions valid at that instant.
     */
    public Uni<List<RateRow>> search(SqlClient sql, String provider, String model, String costType, Instant at,
            Long afterId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + """
                 FROM provider_rates
                WHERE ($1::text IS NULL OR provider = $1)
                  AND ($2::text IS NULL OR lower(model) = lower($2)
                       OR EXISTS (SELECT 1 FROM unnest(aliases) AS a(alias) WHERE lower(a.alias) = lower($2)))
                  AND ($3::text IS NULL OR cost_type = $3)
                  AND ($4::timestamptz IS NULL OR (valid_from <= $4 AND (valid_until IS NULL OR valid_until > $4)))
                  AND ($5::bigint IS NULL OR id > $5) AND superseded_by IS NULL
                ORDER BY id LIMIT $6
                """).execute(Tuple.of(provider, model, costType, utc(at), afterId, limit))
                .map(rows -> {
                    List<RateRow> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(RateRow.from(row)));
                    return list;
                });
    }

    private static RateRow first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : RateRow.from(rows.iterator().next());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
