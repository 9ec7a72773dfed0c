package io.meterline.ingest.repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * <p>Layout ({@link DedupLayout}): a dedup key is a field of a per customer, generation and shard hash, holding
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
     * KEYS[1] rate counter, KEYS[2] batch state; ARGV limit, window seconds, token, pending TTL ms, expiry of the
     * current generation (epoch ms), holder hash prefix, current generation, generations to read, then per shard:
     * shard, n, n dedup keys. Verdicts per key in that order: 0 new, 1 duplicate, 2 in flight.
     */
    static final String MARK = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
            if n > tonumber(ARGV[1]) then return -1 end
            local token, prefix, gen, gens = ARGV[3], ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
            redis.call('SET', KEYS[2], 'p', 'PX', ARGV[4])
            local out, a = {}, 9
            while a <= #ARGV do
              local shard, count = ARGV[a], tonumber(ARGV[a + 1])
              local fields = {unpack(ARGV, a + 2, a + 1 + count)}
              a = a + 2 + count
              local holders, missing = {}, count
              for g = gen, gen - gens + 1, -1 do
                if missing == 0 then break end
                local hash = prefix .. g .. '|' .. shard
                if redis.call('EXISTS', hash) == 1 then
                  local got = redis.call('HMGET', hash, unpack(fields))
                  for i = 1, count do
                    if got[i] and not holders[i] then holders[i] = got[i]; missing = missing - 1 end
                  end
                end
              end
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
                local hash = prefix .. gen .. '|' .. shard
                redis.call('HSET', hash, unpack(set))
                redis.call('PEXPIREAT', hash, ARGV[5])
              end
            end
            return out
            """;
    /**
     * KEYS[1] batch state; ARGV dedup TTL ms, expiry of the current generation, accepted hash prefix, current
     * generation, then per shard: shard, n, n event ids to remember as accepted.
     */
    static final String CONFIRM = """
            redis.call('SET', KEYS[1], 'c', 'PX', ARGV[1])
            local a = 5
            while a <= #ARGV do
              local count, set = tonumber(ARGV[a + 1]), {}
              for i = a + 2, a + 1 + count do set[#set + 1] = ARGV[i]; set[#set + 1] = 'c' end
              local hash = ARGV[3] .. ARGV[4] .. '|' .. ARGV[a]
              redis.call('HSET', hash, unpack(set))
              redis.call('PEXPIREAT', hash, ARGV[2])
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
     * ARGV holder prefix, accepted prefix, current generation, generations to read, shard, event id. 1 when the
     * event id is remembered as accepted, or is a dedup key held by a confirmed batch.
     */
    static final String ACCEPTED = """
            local gen, gens, suffix = tonumber(ARGV[3]), tonumber(ARGV[4]), '|' .. ARGV[5]
            for g = gen, gen - gens + 1, -1 do
              if redis.call('HEXISTS', ARGV[2] .. g .. suffix, ARGV[6]) == 1 then return 1 end
              local holder = redis.call('HGET', ARGV[1] .. g .. suffix, ARGV[6])
              if holder then
                if redis.call('GET', 'ml:b:' .. holder) == 'c' then return 1 end
                return 0
              end
            end
            return 0
            """;
    private static final java.util.Map<String, String> SHAS = java.util.Map.of(
            MARK, sha1(MARK), CONFIRM, sha1(CONFIRM), RELEASE, sha1(RELEASE), ACCEPTED, sha1(ACCEPTED));
    private static final Verdict[] VERDICTS = {Verdict.NEW, Verdict.DUPLICATE, Verdict.IN_FLIGHT};

    private final RedisAPI redis;
    private final IngestConfig config;
    private final DedupLayout layout;
    private final RedisGuard guard;

    public RedisDeduplicator(RedisAPI redis, IngestConfig config) {
        this.redis = redis;
        this.config = config;
        this.layout = new DedupLayout(config.dedupTtl());
        this.guard = new RedisGuard(config.redisTimeout(), config.redisBackoff());
    }

    /** The layout this instance writes, for tests that prepare or inspect Redis. */
    public DedupLayout layout() {
        return layout;
    }

    @Override
    public Uni<Marks> mark(String apiKeyId, String customerId, List<String> dedupKeys, String token) {
        long nowMillis = System.currentTimeMillis();
        long minute = nowMillis / 60_000;
        long retryAfter = Math.max(1, (60_000 - nowMillis % 60_000 + 999) / 1000);
        long generation = layout.generation(nowMillis);
        ShardedArgs sharded = ShardedArgs.of(dedupKeys);
        List<String> args = new ArrayList<>(8 + sharded.args().size());
        Collections.addAll(args, Integer.toString(config.rateLimitPerMinute()), "120", token,
                Long.toString(config.pendingTtl().toMillis()), Long.toString(layout.expiresAt(generation)),
                DedupLayout.holderPrefix(customerId), Long.toString(generation), Integer.toString(layout.generations()));
        args.addAll(sharded.args());
        return eval(MARK, List.of("ml:rl:" + apiKeyId + ":" + minute, DedupLayout.batchKey(token)), args)
                .map(response -> {
                    if (response.type() == ResponseType.NUMBER) {
                        return Marks.rateLimited(retryAfter);
                    }
                    Verdict[] verdicts = new Verdict[dedupKeys.size()];
                    int position = 0;
                    for (Response verdict : response) {
                        verdicts[sharded.order()[position++]] = VERDICTS[verdict.toInteger()];
                    }
                    return new Marks(Arrays.asList(verdicts), 0);
                });
    }

    @Override
    public Uni<Void> confirm(String customerId, String token, List<UsageEventV1> published) {
        List<String> keyedIds = new ArrayList<>();
        for (UsageEventV1 event : published) {
            if (event.idempotencyKey() != null) {
                keyedIds.add(event.eventId().toString());
            }
        }
        long generation = layout.generation(System.currentTimeMillis());
        List<String> args = new ArrayList<>();
        Collections.addAll(args, Long.toString(config.dedupTtl().toMillis()), Long.toString(layout.expiresAt(generation)),
                DedupLayout.acceptedPrefix(customerId), Long.toString(generation));
        args.addAll(ShardedArgs.of(keyedIds).args());
        return eval(CONFIRM, List.of(DedupLayout.batchKey(token)), args).replaceWithVoid();
    }

    @Override
    public Uni<Void> release(String token) {
        return eval(RELEASE, List.of(DedupLayout.batchKey(token)), List.of()).replaceWithVoid();
    }

    @Override
    public Uni<Boolean> isAccepted(String customerId, UUID eventId) {
        String id = eventId.toString();
        long generation = layout.generation(System.currentTimeMillis());
        return eval(ACCEPTED, List.of(), List.of(DedupLayout.holderPrefix(customerId), DedupLayout.acceptedPrefix(customerId),
                Long.toString(generation), Integer.toString(layout.generations()), Integer.toString(DedupLayout.shard(id)), id))
                .map(accepted -> accepted.toInteger() == 1);
    }

    /**
     * Script arguments grouped by shard ({@code shard, n, n values} per non-empty shard), and for each position
     * of the script's answer the index of the value in the caller's list.
     */
    record ShardedArgs(List<String> args, int[] order) {

        static ShardedArgs of(List<String> values) {
            int[] counts = new int[DedupLayout.SHARDS + 1];
            int[] shards = new int[values.size()];
            for (int i = 0; i < shards.length; i++) {
                shards[i] = DedupLayout.shard(values.get(i));
                counts[shards[i] + 1]++;
            }
            for (int s = 0; s < DedupLayout.SHARDS; s++) {
                counts[s + 1] += counts[s]; // counts[s] is now where shard s starts
            }
            int[] order = new int[shards.length];
            int[] next = Arrays.copyOf(counts, DedupLayout.SHARDS);
            for (int i = 0; i < shards.length; i++) {
                order[next[shards[i]]++] = i;
            }
            List<String> args = new ArrayList<>(values.size() + 2 * DedupLayout.SHARDS);
            for (int s = 0; s < DedupLayout.SHARDS; s++) {
                int count = counts[s + 1] - counts[s];
                if (count > 0) {
                    args.add(Integer.toString(s));
                    args.add(Integer.toString(count));
                    for (int p = counts[s]; p < counts[s + 1]; p++) {
                        args.add(values.get(order[p]));
                    }
                }
            }
            return new ShardedArgs(args, order);
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
