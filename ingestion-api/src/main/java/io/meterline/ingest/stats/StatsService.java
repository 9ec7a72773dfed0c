package io.meterline.ingest.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.meterline.ingest.customers.CustomerService;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.stats.StatsRepository.Figure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Credit operations by UTC day or month: what was granted (by source), burned, charged, refunded, expired, what
 * was outstanding at each period end, how many customers were active and what the usage cost against what was
 * billed. Read-only; one statement ({@link StatsRepository}). Periods are clipped to [from, to).
 */
@ApplicationScoped
public class StatsService {

    static final Duration MAX_SPAN = Duration.ofDays(366);
    static final List<String> SOURCES = List.of("PURCHASE", "PROMOTIONAL", "PLAN", "ADJUSTMENT");

    private final Pool pool;
    private final StatsRepository stats;

    public StatsService(Pool pool, StatsRepository stats) {
        this.pool = pool;
        this.stats = stats;
    }

    /** from required; to defaults to now; period day|month (default month); customer_id optional (404 unknown). */
    public Uni<StatsView> stats(String from, String to, String period, String customerId) {
        String unit = period == null || period.isBlank() ? "month" : period.trim().toLowerCase(Locale.ROOT);
        if (!unit.equals("day") && !unit.equals("month")) {
            throw ApiException.invalid("period", "must be day or month");
        }
        Instant start = Validator.instant("from", from);
        if (start == null) {
            throw ApiException.invalid("from", "is required");
        }
        Instant end = Validator.instant("to", to);
        end = end == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : end;
        if (!end.isAfter(start)) {
            throw ApiException.invalid("to", "must be after from");
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw ApiException.invalid("to", "the range may span at most " + MAX_SPAN.toDays() + " days");
        }
        String customer = customerId == null || customerId.isBlank() ? null : customerId.trim();
        Instant first = start;
        Instant last = end;
        Uni<Boolean> known = customer == null ? Uni.createFrom().item(true) : stats.customerExists(pool, customer);
        return known.flatMap(exists -> {
            if (!exists) {
                throw CustomerService.notFound(customer);
            }
            return stats.figures(pool, first, last, unit, customer);
        }).map(figures -> view(first, last, unit, customer, figures));
    }

    static StatsView view(Instant from, Instant to, String unit, String customer, List<Figure> figures) {
        Map<Instant, Map<String, BigDecimal>> byPeriod = new HashMap<>();
        Map<String, BigDecimal> whole = new HashMap<>();
        for (Figure f : figures) {
            (f.periodStart() == null ? whole : byPeriod.computeIfAbsent(f.periodStart(), k -> new HashMap<>()))
                    .put(f.metric(), f.value());
        }
        BigDecimal perUsd = whole.get("credits_per_usd");
        List<Instant> starts = periodStarts(from, to, unit);
        BigDecimal outstanding = get(whole, "balance").subtract(get(whole, "later"));
        PeriodStatsView[] periods = new PeriodStatsView[starts.size()];
        for (int i = starts.size() - 1; i >= 0; i--) {
            Instant bucket = starts.get(i);
            Instant next = i + 1 < starts.size() ? starts.get(i + 1) : to;
            Map<String, BigDecimal> m = byPeriod.getOrDefault(bucket, Map.of());
            periods[i] = period(max(bucket, from), next, m, outstanding, perUsd);
            outstanding = outstanding.subtract(get(m, "net"));
        }
        return new StatsView(from, to, unit, customer, perUsd, List.of(periods));
    }

    private static PeriodStatsView period(Instant start, Instant end, Map<String, BigDecimal> m, BigDecimal outstanding,
            BigDecimal perUsd) {
        Map<String, BigDecimal> granted = new LinkedHashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (String source : SOURCES) {
            granted.put(source, get(m, "granted:" + source));
            total = total.add(granted.get(source));
        }
        BigDecimal burned = get(m, "burn").negate();
        BigDecimal charged = get(m, "charge").negate();
        BigDecimal refunded = get(m, "refund");
        BigDecimal rerated = get(m, "rerate").negate();
        BigDecimal billed = burned.add(rerated).add(charged).subtract(refunded);
        BigDecimal cost = get(m, "cost_usd");
        BigDecimal billedUsd = billed.divide(perUsd, 18, RoundingMode.HALF_EVEN);
        return new PeriodStatsView(start, end, granted, total, burned, charged, refunded, get(m, "expire").negate(),
                get(m, "void").negate(), rerated, get(m, "adjusted").negate(), outstanding,
                get(m, "active").longValueExact(), new RevenueView(cost, billed, billedUsd, billedUsd.subtract(cost)));
    }

    /** The UTC day or month starts from the one holding {@code from} up to (excluding) {@code to}. */
    static List<Instant> periodStarts(Instant from, Instant to, String unit) {
        ZonedDateTime t = from.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        if (unit.equals("month")) {
            t = t.withDayOfMonth(1);
        }
        List<Instant> starts = new ArrayList<>();
        for (; t.toInstant().isBefore(to); t = unit.equals("month") ? t.plusMonths(1) : t.plusDays(1)) {
            starts.add(t.toInstant());
        }
        return starts;
    }

    private static BigDecimal get(Map<String, BigDecimal> m, String key) {
        BigDecimal value = m.get(key);
        return value == null ? BigDecimal.ZERO : value;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
