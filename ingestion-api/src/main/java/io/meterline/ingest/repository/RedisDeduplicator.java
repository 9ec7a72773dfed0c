package io.meterline.ingest.repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.meterline.common.event.UsageEventV1;
import io.meterline.ingest.config.IngestConfig;
import io.meterline.ingest.service.Deduplicator;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@link Deduplicator} on Redis, one Lua script per step so each step is one atomic round trip.
 *
 * <p>Keys: {@code ml:d:<customer>|<dedup key>} holds the token of the batch that marked it (for the dedup window);
 * {@code ml:b:<token>} holds that batch's state, {@code p} while it is being published (pending TTL), {@code c}
 * once confirmed (dedup window). A key's state is its batch's, so confirming or releasing a batch is one write
 * whatever its size, and marking is one write per event. A key whose batch state is gone (released, or pending
 * for longer than the pending TTL) is free and is taken over by the next batch that marks it. A key holding
 * {@code c} itself (written by earlier versions) is confirmed. {@code ml:e:<customer>|<event id>} = {@code c}
 * remembers an accepted event whose dedup key is an idempotency key (otherwise the dedup key is the event id and
 * answers by itself); {@code ml:rl:<api key id>:<epoch minute>} counts requests. '|' cannot occur in a customer
 * id, so keys never collide.
 *
 * <p>The scripts read {@code ml:b:} keys named by values, not passed as KEYS: fine on a standalone Redis (or a
 * replicated one); a Redis Cluster would need hash tags.
 *
 * <p>Availability: every call is capped by {@code redis-timeout}; after a failure Redis is skipped for
 * {@code redis-backoff}, so while Redis is down a request pays nothing for it. Callers treat failure as
 * "unknown" (the ingest path accepts without dedup).
 */
@ApplicationScoped
public class RedisDeduplicator implements Deduplicator {

    private static final Logger LOG = Logger.getLogger(RedisDeduplicator.class);

    /**
     * KEYS[1] rate counter, KEYS[2] batch state, KEYS[3..] dedup keys; ARGV limit, window seconds, token,
     * pending TTL ms, dedup TTL ms. Verdicts: 0 new, 1 duplicate, 2 in flight.
     */
    static final String MARK = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
            if n > tonumber(ARGV[1]) then return -1 end
            redis.call('SET', KEYS[2], 'p', 'PX', ARGV[4])
            local out = {}
            for i = 3, #KEYS do
              local verdict = 0
              if not redis.call('SET', KEYS[i], ARGV[3], 'NX', 'PX', ARGV[5]) then
                local holder = redis.call('GET', KEYS[i])
                local state = holder
                if holder ~= 'c' and holder ~= ARGV[3] then state = redis.call('GET', 'ml:b:' .. holder) end
                if state == 'c' or holder == ARGV[3] then verdict = 1
                elseif state == 'p' then verdict = 2
                else redis.call('SET', KEYS[i], ARGV[3], 'PX', ARGV[5]) end
              end
              out[i - 2] = verdict
            end
            return out
            """;
    /** KEYS[1] batch state, KEYS[2..] event keys to remember; ARGV[1] dedup TTL ms. */
    static final String CONFIRM = """
            for i = 1, #KEYS do redis.call('SET', KEYS[i], 'c', 'PX', ARGV[1]) end
            return #KEYS
            """;
    /** KEYS[1] batch state. Drops it only while pending: a confirmed batch stays confirmed. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == 'p' then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    /** KEYS event key, dedup key of the event id. 1 when either is confirmed. */
    static final String ACCEPTED = """
            for i = 1, #KEYS do
              local holder = redis.call('GET', KEYS[i])
              if holder == 'c' or (holder and redis.call('GET', 'ml:b:' .. holder) == 'c') then return 1 end
            end
            return 0
            """;
    private static final java.util.Map<String, String> SHAS = java.util.Map.of(
            MARK, sha1(MARK), CONFIRM, sha1(CONFIRM), RELEASE, sha1(RELEASE), ACCEPTED, sha1(ACCEPTED));
    private static final Verdict[] VERDICTS = {Verdict.NEW, Verdict.DUPLICATE, Verdict.IN_FLIGHT};

    private final RedisAPI redis;
    private final IngestConfig config;
    private final RedisGuard guard;

    public RedisDeduplicator(RedisAPI redis, IngestConfig config) {
        this.redis = redis;
        this.config = config;
        this.guard = new RedisGuard(config.redisTimeout(), config.redisBackoff());
    }

    @Override
    public Uni<Marks> mark(String apiKeyId, String customerId, List<String> dedupKeys, String token) {
        long nowMillis = System.currentTimeMillis();
        long minute = nowMillis / 60_000;
        long retryAfter = Math.max(1, (60_000 - nowMillis % 60_000 + 999) / 1000);
        List<String> keys = new ArrayList<>(dedupKeys.size() + 2);
        keys.add("ml:rl:" + apiKeyId + ":" + minute);
        keys.add(batchKey(token));
        for (String key : dedupKeys) {
            keys.add(dedupKey(customerId, key));
        }
        return eval(MARK, keys, Integer.toString(config.rateLimitPerMinute()), "120", token,
                Long.toString(config.pendingTtl().toMillis()), Long.toString(config.dedupTtl().toMillis()))
                .map(response -> {
                    if (response.type() == ResponseType.NUMBER) {
                        return Marks.rateLimited(retryAfter);
                    }
                    List<Verdict> verdicts = new ArrayList<>(response.size());
                    for (Response verdict : response) {
                        verdicts.add(VERDICTS[verdict.toInteger()]);
                    }
                    return new Marks(verdicts, 0);
                });
    }

    @Override
    public Uni<Void> confirm(String customerId, String token, List<UsageEventV1> published) {
        List<String> keys = new ArrayList<>();
        keys.add(batchKey(token));
        for (UsageEventV1 event : published) {
            if (event.idempotencyKey() != null) {
                keys.add(eventKey(customerId, event.eventId()));
            }
        }
        return eval(CONFIRM, keys, Long.toString(config.dedupTtl().toMillis())).replaceWithVoid();
    }

    @Override
    public Uni<Void> release(String token) {
        return eval(RELEASE, List.of(batchKey(token))).replaceWithVoid();
    }

    @Override
    public Uni<Boolean> isAccepted(String customerId, UUID eventId) {
        return eval(ACCEPTED, List.of(eventKey(customerId, eventId), dedupKey(customerId, eventId.toString())))
                .map(accepted -> accepted.toInteger() == 1);
    }

    static String dedupKey(String customerId, String key) {
        return "ml:d:" + customerId + "|" + key;
    }

    static String batchKey(String token) {
        return "ml:b:" + token;
    }

    static String eventKey(String customerId, UUID eventId) {
        return "ml:e:" + customerId + "|" + eventId;
    }

    /** EVALSHA, falling back to EVAL (which also loads the script) the first time a server has not seen it. */
    private Uni<Response> eval(String script, List<String> keys, String... args) {
        List<String> command = new ArrayList<>(keys.size() + args.length + 2);
        command.add(SHAS.get(script));
        command.add(Integer.toString(keys.size()));
        command.addAll(keys);
        command.addAll(List.of(args));
        return guard.call(() -> redis.evalsha(command).onFailure(RedisDeduplicator::noScript).recoverWithUni(failure -> {
            LOG.debug("loading a dedup script into Redis");
            List<String> withBody = new ArrayList<>(command);
            withBody.set(0, script);
            return redis.eval(withBody);
        }));
    }

    private static boolean noScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }
}
