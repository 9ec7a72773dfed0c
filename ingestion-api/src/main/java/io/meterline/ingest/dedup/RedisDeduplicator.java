package io.meterline.ingest.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.meterline.common.event.UsageEventV1;
import io.meterline.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@link Deduplicator} on Redis, one Lua script per step so each step is one atomic round trip.
 *
 * <p>Layout ({@link DedupLayout}): a dedup key is a field of a per customer, event day and shard hash, holding
 * the token of the batch that marked it; {@code ml:b:<token>} holds that batch's state, {@code p} while it is
 * being published (pending TTL), {@code c} once confirmed (dedup TTL). A key's state is its batch's, so
 * confirming or releasing a batch is one write whatever its size, and marking writes one hash field per new
 * key. A key whose batch state is gone (released, or pending for longer than the pending TTL) is free and is
 * taken over by the next batch that marks it. Accepted events whose dedup key is an idempotency key are
 * remembered by event id in {@code ml:a:} hashes (otherwise the dedup key is the event id and answers by itself);
 * {@code ml:rl:<api key id>:<epoch minute>} counts requests.
 *
 * <p>The scripts build hash names from a prefix and read {@code ml:b:} keys named by values, not passed as KEYS:
 * fine on a standalone Redis (or a replicated one); a Redis Cluster would need hash tags.
 *
 * <p>Availability: every call is capped by {@code redis-timeout}; after a failure Redis is skipped for
 * {@code redis-backoff}, so while Redis is down a request pays nothing for it. Callers treat failure as
 * "unknown" (the ingest path accepts without dedup).
 */
@ApplicationScoped
public class RedisDeduplicator implements Deduplicator {

    private static final Logger LOG = Logger.getLogger(RedisDeduplicator.class);

    /**
     * KEYS[1] rate counter, KEYS[2] batch state; ARGV limit, window seconds, token, pending TTL ms, dedup TTL ms,
     * holder hash prefix, then per hash: name suffix, n, n dedup keys. Verdicts per key in that order: 0 new,
     * 1 duplicate, 2 in flight.
     */
    static final String MARK = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
            if n > tonumber(ARGV[1]) then return -1 end
            local token, ttl, prefix = ARGV[3], ARGV[5], ARGV[6]
            redis.call('SET', KEYS[2], 'p', 'PX', ARGV[4])
            local out, a = {}, 7
            while a <= #ARGV do
              local hash, count = prefix .. ARGV[a], tonumber(ARGV[a + 1])
              local fields = {unpack(ARGV, a + 2, a + 1 + count)}
              a = a + 2 + count
              local holders = {}
              if redis.call('EXISTS', hash) == 1 then holders = redis.call('HMGET', hash, unpack(fields)) end
              local set = {}
              for i = 1, count do
                local holder, verdict = holders[i], 0
                if holder then
                  local state = 'c'
                  if holder ~= token then state = redis.call('GET', 'ml:b:' .. holder) end
                  if state == 'c' then verdict = 1 elseif state == 'p' then verdict = 2 end
                end
                if verdict == 0 then set[#set + 1] = fields[i]; set[#set + 1] = token end
                out[#out + 1] = verdict
              end
              if #set > 0 then
                redis.call('HSET', hash, unpack(set))
                redis.call('PEXPIRE', hash, ttl)
              end
            end
            return out
            """;
    /** KEYS[1] batch state; ARGV dedup TTL ms, accepted hash prefix, then per hash: name suffix, n, n event ids. */
    static final String CONFIRM = """
            redis.call('SET', KEYS[1], 'c', 'PX', ARGV[1])
            local a = 3
            while a <= #ARGV do
              local count, set = tonumber(ARGV[a + 1]), {}
              for i = a + 2, a + 1 + count do set[#set + 1] = ARGV[i]; set[#set + 1] = 'c' end
              local hash = ARGV[2] .. ARGV[a]
              redis.call('HSET', hash, unpack(set))
              redis.call('PEXPIRE', hash, ARGV[1])
              a = a + 2 + count
            end
            return 1
            """;
    /** KEYS[1] batch state. Drops it only while pending: a confirmed batch stays confirmed. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == 'p' then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    /**
     * ARGV holder prefix, accepted prefix, first day, last day, shard, event id. 1 when, on one of those days, the
     * event id is remembered as accepted, or is a dedup key held by a confirmed batch.
     */
    static final String ACCEPTED = """
            local suffix = '|' .. ARGV[5]
            for d = tonumber(ARGV[4]), tonumber(ARGV[3]), -1 do
              if redis.call('HEXISTS', ARGV[2] .. d .. suffix, ARGV[6]) == 1 then return 1 end
              local holder = redis.call('HGET', ARGV[1] .. d .. suffix, ARGV[6])
              if holder and redis.call('GET', 'ml:b:' .. holder) == 'c' then return 1 end
            end
            return 0
            """;
    private static final Map<String, String> SHAS = Map.of(
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
    public Uni<Marks> mark(String apiKeyId, String customerId, List<UsageEventV1> events, String token) {
        long nowMillis = System.currentTimeMillis();
        long minute = nowMillis / 60_000;
        long retryAfter = Math.max(1, (60_000 - nowMillis % 60_000 + 999) / 1000);
        List<String> suffixes = new ArrayList<>(events.size());
        List<String> keys = new ArrayList<>(events.size());
        for (UsageEventV1 event : events) {
            suffixes.add(DedupLayout.suffix(DedupLayout.day(event.timestamp()), event.dedupKey()));
            keys.add(event.dedupKey());
        }
        Grouped grouped = Grouped.of(suffixes, keys);
        List<String> args = new ArrayList<>(6 + grouped.args().size());
        Collections.addAll(args, Integer.toString(config.rateLimitPerMinute()), "120", token,
                Long.toString(config.pendingTtl().toMillis()), Long.toString(config.dedupTtl().toMillis()),
                DedupLayout.holderPrefix(customerId));
        args.addAll(grouped.args());
        return eval(MARK, List.of("ml:rl:" + apiKeyId + ":" + minute, DedupLayout.batchKey(token)), args)
                .map(response -> {
                    if (response.type() == ResponseType.NUMBER) {
                        return Marks.rateLimited(retryAfter);
                    }
                    Verdict[] verdicts = new Verdict[events.size()];
                    int position = 0;
                    for (Response verdict : response) {
                        verdicts[grouped.order()[position++]] = VERDICTS[verdict.toInteger()];
                    }
                    return new Marks(Arrays.asList(verdicts), 0);
                });
    }

    @Override
    public Uni<Void> confirm(String customerId, String token, List<UsageEventV1> published) {
        List<String> suffixes = new ArrayList<>();
        List<String> keyedIds = new ArrayList<>();
        for (UsageEventV1 event : published) {
            if (event.idempotencyKey() != null) {
                String id = event.eventId().toString();
                suffixes.add(DedupLayout.suffix(DedupLayout.day(event.timestamp()), id));
                keyedIds.add(id);
            }
        }
        List<String> args = new ArrayList<>();
        Collections.addAll(args, Long.toString(config.dedupTtl().toMillis()), DedupLayout.acceptedPrefix(customerId));
        args.addAll(Grouped.of(suffixes, keyedIds).args());
        return eval(CONFIRM, List.of(DedupLayout.batchKey(token)), args).replaceWithVoid();
    }

    @Override
    public Uni<Void> release(String token) {
        return eval(RELEASE, List.of(DedupLayout.batchKey(token)), List.of()).replaceWithVoid();
    }

    /** Reads every day an accepted event's timestamp may fall on (timestamp-max-age before now to max-ahead after). */
    @Override
    public Uni<Boolean> isAccepted(String customerId, UUID eventId) {
        String id = eventId.toString();
        Instant now = Instant.now();
        long first = DedupLayout.day(now.minus(config.timestampMaxAge()));
        long last = DedupLayout.day(now.plus(config.timestampMaxAhead()));
        return eval(ACCEPTED, List.of(), List.of(DedupLayout.holderPrefix(customerId), DedupLayout.acceptedPrefix(customerId),
                Long.toString(first), Long.toString(last), Integer.toString(DedupLayout.shard(id)), id))
                .map(accepted -> accepted.toInteger() == 1);
    }

    /**
     * Script arguments grouped by hash ({@code suffix, n, n values} per hash, in order of first appearance), and for
     * each position of the script's answer the index of the value in the caller's list.
     */
    record Grouped(List<String> args, int[] order) {

        static Grouped of(List<String> suffixes, List<String> values) {
            Map<String, List<Integer>> bySuffix = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                bySuffix.computeIfAbsent(suffixes.get(i), suffix -> new ArrayList<>()).add(i);
            }
            List<String> args = new ArrayList<>(values.size() + 2 * bySuffix.size());
            int[] order = new int[values.size()];
            int position = 0;
            for (Map.Entry<String, List<Integer>> group : bySuffix.entrySet()) {
                args.add(group.getKey());
                args.add(Integer.toString(group.getValue().size()));
                for (int index : group.getValue()) {
                    args.add(values.get(index));
                    order[position++] = index;
                }
            }
            return new Grouped(args, order);
        }
    }

    /** EVALSHA, falling back to EVAL (which also loads the script) the first time a server has not seen it. */
    private Uni<Response> eval(String script, List<String> keys, List<String> args) {
        List<String> command = new ArrayList<>(keys.size() + args.size() + 2);
        command.add(SHAS.get(script));
        command.add(Integer.toString(keys.size()));
        command.addAll(keys);
        command.addAll(args);
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
