package io.meterline.cost.repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.meterline.common.time.IsoInstant;
import io.meterline.cost.service.CostType;
import io.meterline.cost.service.Rate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads provider_rates; the cost worker never writes it (the admin API does). Versions superseded by a re-rating
 * correction (V21) are history and are not loaded.
 *
 * <p>Invariant: one row can never fail the load of all others. Prices and instants are read as text (an epoch
 * number for instants), which the client always decodes, whatever was stored by SQL behind the admin API's back
 * (NaN or infinite prices, infinite or year-99999 instants); each row is then parsed on its own, and a row that
 * does not parse, or whose instants lie outside the storable years 2000 to 2100, is reported as unreadable.
 */
@ApplicationScoped
public class RateRepository {

    /** The rows that could be read, and for each row that could not, its id and why. */
    public record Loaded(List<Rate> rates, List<String> unreadable) {
    }

    private static final String ALL = """
            SELECT id, provider, model, cost_type, price_usd::text AS price_usd, unit_size, aliases,
                   extract(epoch FROM valid_from)::text AS valid_from, extract(epoch FROM valid_until)::text AS valid_until
            FROM provider_rates WHERE superseded_by IS NULL
            """;

    private final Pool pool;

    public RateRepository(Pool pool) {
        this.pool = pool;
    }

    /** Every version of every rate: the table holds thousands of rows at most, so one read is cheap. */
    public Uni<Loaded> loadAll() {
        return pool.query(ALL).execute().map(rows -> {
            List<Rate> rates = new ArrayList<>(rows.size());
            List<String> unreadable = new ArrayList<>();
            for (Row row : rows) {
                try {
                    rates.add(toRate(row));
                } catch (RuntimeException e) {
                    unreadable.add("rate " + row.getLong("id") + ": " + e.getMessage());
                }
            }
            return new Loaded(rates, unreadable);
        });
    }

    private static Rate toRate(Row row) {
        String[] aliases = row.getArrayOfStrings("aliases");
        if (aliases != null && Arrays.asList(aliases).contains(null)) {
            throw new IllegalArgumentException("aliases holds a NULL");
        }
        String until = row.getString("valid_until");
        return new Rate(row.getLong("id"), row.getString("provider"), row.getString("model"),
                CostType.valueOf(row.getString("cost_type")), price(row.getString("price_usd")),
                row.getLong("unit_size"), aliases == null ? List.of() : Arrays.asList(aliases),
                instant("valid_from", row.getString("valid_from")), until == null ? null : instant("valid_until", until));
    }

    private static BigDecimal price(String text) {
        try {
            return new BigDecimal(text).stripTrailingZeros();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("price_usd '" + text + "' is not a decimal");
        }
    }

    private static Instant instant(String column, String epochSeconds) {
        Instant instant;
        try {
            BigDecimal seconds = new BigDecimal(epochSeconds);
            long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
            instant = Instant.ofEpochSecond(whole, nanos);
        } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException(column + " " + epochSeconds + " (epoch seconds) is not an instant");
        }
        if (!IsoInstant.isStorable(instant)) {
            throw new IllegalArgumentException(column + " " + instant + " is outside the years 2000 to 2100");
        }
        return instant;
    }
}
