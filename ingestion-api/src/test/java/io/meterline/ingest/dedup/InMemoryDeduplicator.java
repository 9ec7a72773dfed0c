package io.meterline.ingest.dedup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.meterline.common.event.UsageEventV1;
import io.smallrye.mutiny.Uni;

/** {@link Deduplicator} in maps, for unit tests: same states and verdicts as Redis (keys hold their batch's token,
 * the batch holds the state), no expiry. */
public class InMemoryDeduplicator implements Deduplicator {

    private static final String PENDING = "p";
    private static final String CONFIRMED = "c";

    private final int rateLimit;
    private final Map<String, String> holders = new ConcurrentHashMap<>();
    private final Map<String, String> batches = new ConcurrentHashMap<>();
    private final Set<String> acceptedEvents = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> requests = new ConcurrentHashMap<>();

    public InMemoryDeduplicator(int rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    public synchronized Uni<Marks> mark(String apiKeyId, String customerId, List<UsageEventV1> events, String token) {
        if (requests.merge(apiKeyId, 1, Integer::sum) > rateLimit) {
            return Uni.createFrom().item(Marks.rateLimited(60));
        }
        batches.put(token, PENDING);
        List<Verdict> verdicts = new ArrayList<>(events.size());
        for (UsageEventV1 event : events) {
            String key = event.dedupKey();
            String holder = holders.putIfAbsent(customerId + "|" + key, token);
            String state = holder == null ? null : batches.get(holder);
            if (holder == null) {
                verdicts.add(Verdict.NEW);
            } else if (holder.equals(token) || CONFIRMED.equals(state)) {
                verdicts.add(Verdict.DUPLICATE);
            } else if (PENDING.equals(state)) {
                verdicts.add(Verdict.IN_FLIGHT);
            } else {
                holders.put(customerId + "|" + key, token); // its batch was released: free
                verdicts.add(Verdict.NEW);
            }
        }
        return Uni.createFrom().item(new Marks(verdicts, 0));
    }

    @Override
    public synchronized Uni<Void> confirm(String customerId, String token, List<UsageEventV1> published) {
        batches.put(token, CONFIRMED);
        for (UsageEventV1 event : published) {
            acceptedEvents.add(customerId + "|" + event.eventId());
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> release(String token) {
        batches.remove(token, PENDING);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Boolean> isAccepted(String customerId, UUID eventId) {
        return Uni.createFrom().item(acceptedEvents.contains(customerId + "|" + eventId));
    }
}
