package io.meterline.ingest.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.meterline.common.event.UsageEventV1;
import io.smallrye.mutiny.Uni;

/** {@link Deduplicator} in a map, for unit tests: same states and verdicts as Redis, no expiry. */
public class InMemoryDeduplicator implements Deduplicator {

    private static final String CONFIRMED = "c";

    private final int rateLimit;
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Map<String, Integer> requests = new ConcurrentHashMap<>();

    public InMemoryDeduplicator(int rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    public synchronized Uni<Marks> mark(String apiKeyId, String customerId, List<String> dedupKeys, String token) {
        if (requests.merge(apiKeyId, 1, Integer::sum) > rateLimit) {
            return Uni.createFrom().item(Marks.rateLimited(60));
        }
        List<Verdict> verdicts = new ArrayList<>(dedupKeys.size());
        for (String key : dedupKeys) {
            String previous = keys.putIfAbsent(customerId + "|" + key, token);
            verdicts.add(previous == null ? Verdict.NEW
                    : previous.equals(CONFIRMED) || previous.equals(token) ? Verdict.DUPLICATE : Verdict.IN_FLIGHT);
        }
        return Uni.createFrom().item(new Marks(verdicts, 0));
    }

    @Override
    public synchronized Uni<Void> confirm(String customerId, List<UsageEventV1> published) {
        for (UsageEventV1 event : published) {
            keys.put(customerId + "|" + event.dedupKey(), CONFIRMED);
            keys.put(customerId + "|event:" + event.eventId(), CONFIRMED);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> release(String customerId, List<String> dedupKeys, String token) {
        for (String key : dedupKeys) {
            keys.remove(customerId + "|" + key, token);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Boolean> isAccepted(String customerId, UUID eventId) {
        return Uni.createFrom().item(CONFIRMED.equals(keys.get(customerId + "|event:" + eventId)));
    }
}
