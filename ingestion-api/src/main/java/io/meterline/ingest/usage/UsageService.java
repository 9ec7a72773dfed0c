package io.meterline.ingest.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.meterline.ingest.events.EventRow;
import io.meterline.ingest.events.EventView;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.usage.UsageQueryRepository.BucketRow;
import io.meterline.ingest.usage.UsageQueryRepository.EventKey;
import io.meterline.ingest.usage.UsageQueryRepository.Grouping;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** Read side: stored events for admins, rolled-up usage for customers. Validates every query parameter. */
@ApplicationScoped
public class UsageService {

    static final Duration MAX_HOURLY_SPAN = Duration.ofDays(31);
    static final Duration MAX_DAILY_SPAN = Duration.ofDays(366);

    private final Pool pool;
    private final UsageQueryRepository queries;

    public UsageService(Pool pool, UsageQueryRepository queries) {
        this.pool = pool;
        this.queries = queries;
    }

    public Uni<Page<EventView>> events(String customerId, String status, String from, String to, String limit,
            String cursor) {
        int size = Paging.limit(limit);
        String state = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        if (state != null && !state.equals("PRICED") && !state.equals("UNPRICED")) {
            throw ApiException.invalid("status", "must be PRICED or UNPRICED");
        }
        Instant start = Validator.instant("from", from);
        Instant end = Validator.instant("to", to);
        requireOrdered(start, end);
        String[] after = Paging.decode(cursor, 3);
        EventKey key;
        try {
            key = after == null ? null : new EventKey(Instant.parse(after[0]), after[1], after[2]);
        } catch (RuntimeException e) {
            throw Paging.invalidCursor();
        }
        String customer = customerId == null || customerId.isBlank() ? null : customerId.trim();
        return queries.events(pool, customer, state, start, end, key, size + 1)
                .map(rows -> Paging.page(rows, size, UsageService::view,
                        row -> Paging.encode(row.eventTime().toString(), row.customerId(), row.dedupKey())));
    }

    /** period hourly|daily (default daily); to defaults to now, from to one day (hourly) or 30 days (daily) before. */
    public Uni<UsageView> usage(String customerId, String period, String from, String to, String groupBy,
            String limit, String cursor) {
        int size = Paging.limit(limit);
        String p = period == null || period.isBlank() ? "DAILY" : period.trim().toUpperCase(Locale.ROOT);
        if (!p.equals("HOURLY") && !p.equals("DAILY")) {
            throw ApiException.invalid("period", "must be hourly or daily");
        }
        Grouping grouping = grouping(groupBy);
        Instant end = Validator.instant("to", to);
        end = end == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : end;
        Instant start = Validator.instant("from", from);
        start = start == null ? end.minus(p.equals("HOURLY") ? Duration.ofDays(1) : Duration.ofDays(30)) : start;
        requireOrdered(start, end);
        Duration max = p.equals("HOURLY") ? MAX_HOURLY_SPAN : MAX_DAILY_SPAN;
        if (Duration.between(start, end).compareTo(max) > 0) {
            throw ApiException.invalid("from", "the range may span at most " + max.toDays() + " days for " + p.toLowerCase(Locale.ROOT));
        }
        String[] after = Paging.decode(cursor, 3);
        BucketRow key;
        try {
            key = after == null ? null
                    : new BucketRow(Instant.parse(after[0]), after[1], after[2], 0, 0, null, null, null, null, null, null);
        } catch (RuntimeException e) {
            throw Paging.invalidCursor();
        }
        Instant from0 = start;
        Instant to0 = end;
        Uni<String> zone = p.equals("DAILY") ? queries.timeZone(pool, customerId) : Uni.createFrom().nullItem();
        return zone.flatMap(timeZone -> queries.buckets(pool, customerId, p, from0, to0, grouping, key, size + 1)
                .map(rows -> {
                    Page<UsageBucketView> page = Paging.page(rows, size, row -> bucket(row, grouping),
                            row -> Paging.encode(row.periodStart().toString(), row.first(), row.second()));
                    return new UsageView(customerId, p.toLowerCase(Locale.ROOT), from0, to0,
                            grouping == Grouping.NONE ? null : grouping.name().toLowerCase(Locale.ROOT), timeZone,
                            page.data(), page.nextCursor());
                }));
    }

    private static Grouping grouping(String groupBy) {
        if (groupBy == null || groupBy.isBlank()) {
            return Grouping.NONE;
        }
        return switch (groupBy.trim().toLowerCase(Locale.ROOT)) {
            case "feature" -> Grouping.FEATURE;
            case "model" -> Grouping.MODEL;
            case "event_type" -> Grouping.EVENT_TYPE;
            default -> throw ApiException.invalid("group_by", "must be feature, model or event_type");
        };
    }

    private static void requireOrdered(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("from", "must be before to");
        }
    }

    private static UsageBucketView bucket(BucketRow row, Grouping grouping) {
        return new UsageBucketView(row.periodStart(),
                grouping == Grouping.FEATURE ? row.first() : null,
                grouping == Grouping.MODEL ? row.first() : null,
                grouping == Grouping.MODEL ? row.second() : null,
                grouping == Grouping.EVENT_TYPE ? row.first() : null,
                row.eventCount(), row.unpricedCount(), row.inputTokens(), row.cachedInputTokens(),
                row.cacheWriteTokens(), row.outputTokens(), row.quantity(), row.credits());
    }

    private static EventView view(EventRow r) {
        return new EventView(r.customerId(), r.dedupKey(), r.eventId(), r.eventType(), r.featureId(), r.provider(),
                r.model(), r.inputTokens(), r.cachedInputTokens(), r.cacheWriteTokens(), r.outputTokens(),
                r.quantity(), r.unit(), r.userId(), r.teamId(), r.metadata(), r.eventTime(), r.receivedAt(),
                r.batchId(), r.status(), r.costUsd(), r.credits(), r.rateIds(), r.ledgerTxId(), r.processedAt(),
                r.pricedAt());
    }
}
