package io.meterline.loadgen.hostile;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;

/**
 * jqwik generators of hostile batches for one run. A clean event is valid by every documented rule: a token event
 * of the run's test model (priced), of an unknown model (UNPRICED), or another event type, with a timestamp either
 * in the re-rating window or elsewhere in the last ten days, sometimes an idempotency key from a small pool (so keys
 * repeat across batches; each key on one UTC day unless {@code crossDayKeys}), unknown fields and metadata. Four
 * events in ten then get one planted defect ({@link Defects}), each with the answer the documentation demands. A
 * batch (1..20 events of one customer) may carry content after its document, or be replaced by a broken document;
 * a twentieth of the batches re-send an earlier one unchanged.
 *
 * <p>Sampled with {@code sampleStream()} inside a {@link JqwikSession} started with the run's seed.
 */
public final class HostileGenerator {

    public static final String PROVIDER = "e2etest";
    static final long MAX_TOKENS = 1_000_000_000_000L;

    private final String model;
    private final Instant now;
    private final Instant windowFrom;
    private final Instant windowUntil;
    private final boolean crossDayKeys;

    public HostileGenerator(String model, Instant now, Instant windowFrom, Instant windowUntil, boolean crossDayKeys) {
        this.model = model;
        this.crossDayKeys = crossDayKeys;
        this.now = now.truncatedTo(ChronoUnit.MILLIS);
        this.windowFrom = windowFrom;
        this.windowUntil = windowUntil;
    }

    public String model() {
        return model;
    }

    Instant now() {
        return now;
    }

    /**
     * Batches for the customers in turn until {@code events} events were generated. A jqwik session seeded with
     * {@code seed} makes the samples reproducible (no property runs here: the checks need the running services).
     */
    public List<HostileBatch> batches(List<String> customers, long seed, long events) {
        Random random = new Random(seed);
        List<HostileBatch> out = new ArrayList<>();
        JqwikSession.start(Long.toString(seed));
        try {
            List<Iterator<HostileBatch>> samples = new ArrayList<>();
            for (int i = 0; i < customers.size(); i++) {
                List<String> pool = List.of("key-1", "key-2", "key-3", "kéy-4-😀", "key-5");
                samples.add(batch(customers.get(i), customers.get((i + 1) % customers.size()), pool)
                        .sampleStream().iterator());
            }
            long count = 0;
            for (int n = 0; count < events; n++) {
                HostileBatch batch = out.size() > 2 && random.nextInt(20) == 0 ? out.get(random.nextInt(out.size()))
                        : samples.get(n % samples.size()).next();
                out.add(batch);
                count += Math.max(1, batch.events().size());
            }
        } finally {
            JqwikSession.finish();
        }
        return out;
    }

    Arbitrary<HostileBatch> batch(String customer, String otherCustomer, List<String> keyPool) {
        Arbitrary<List<HostileEvent>> events = event(customer, otherCustomer, keyPool).list().ofMinSize(1).ofMaxSize(20);
        Arbitrary<byte[]> trailing = Arbitraries.of("x", "{}", "]", "\u0000", "{\"events\":[]}", "null", ",")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).injectNull(0.92);
        Arbitrary<byte[]> broken = Arbitraries.of("{\"events\":{}}", "{\"events\":[]}", "[]", "null", "",
                "{\"events\":[{\"event_id\":", "{\"events\":[{\"feature_id\":\"\u00ff\u00fe\"}]}")
                .map(HostileGenerator::latin1OrUtf8).injectNull(0.96);
        return Combinators.combine(events, Arbitraries.of(false, true), trailing, broken)
                .as((list, ascii, tail, raw) -> new HostileBatch(customer, list, ascii, raw == null ? tail : null, raw));
    }

    /** The last broken document holds bytes that are not UTF-8 (0xFF 0xFE); the others are ASCII. */
    private static byte[] latin1OrUtf8(String s) {
        return s.getBytes(s.contains("\u00ff") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    Arbitrary<HostileEvent> event(String customer, String otherCustomer, List<String> keyPool) {
        Arbitrary<UnaryOperator<HostileEvent>> defect = Arbitraries.frequencyOf(
                Tuple.of(60, Arbitraries.just((UnaryOperator<HostileEvent>) e -> e)),
                Tuple.of(40, new Defects(this, otherCustomer).any()));
        return Combinators.combine(clean(customer, keyPool), defect).as((e, d) -> d.apply(e));
    }

    Arbitrary<HostileEvent> clean(String customer, List<String> keyPool) {
        Arbitrary<UUID> id = Arbitraries.randomValue(r -> new UUID((r.nextLong() & ~0xF000L) | 0x4000L,
                (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L));
        Arbitrary<String> type = Arbitraries.frequency(Tuple.of(70, "TOKEN_USAGE"), Tuple.of(10, "API_CALL"),
                Tuple.of(10, "CUSTOM"), Tuple.of(5, "IMAGE_GENERATION"), Tuple.of(5, "AUDIO"));
        Arbitrary<String> modelName = Arbitraries.frequency(Tuple.of(80, model), Tuple.of(5, model.toUpperCase()),
                Tuple.of(15, "unknown-" + model));
        Arbitrary<Long> count = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.longs().between(0, 5000)),
                Tuple.of(1, Arbitraries.of(0L, MAX_TOKENS)));
        Arbitrary<Long> rare = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.longs().between(1, 2000)));
        Arbitrary<long[]> tokens = Combinators.combine(count, rare, rare, count)
                .as((in, cached, write, out) -> new long[] { in, cached, write, out });
        Arbitrary<Object> quantity = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1000"))
                .ofScale(3).flatMap(q -> Arbitraries.<Object>of(q, q.toPlainString()));
        Arbitrary<Long> millis = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(windowFrom.toEpochMilli(), windowUntil.toEpochMilli() - 1)),
                Tuple.of(7, Arbitraries.longs().between(now.minus(Duration.ofDays(10)).toEpochMilli(),
                        now.minusSeconds(60).toEpochMilli())));
        Arbitrary<Long> timestamp = Combinators.combine(millis, Arbitraries.of(true, false))
                .as((ms, utc) -> utc ? ms : -ms - 1); // negative: written with a +05:30 offset
        Arbitrary<Map<String, Object>> extras = Combinators.combine(
                Arbitraries.of(keyPool).injectNull(0.8), HostileText.good().injectNull(0.7),
                metadata().injectNull(0.7), Arbitraries.of(1, 2, 3).injectNull(0.8))
                .as((key, user, meta, unknown) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    put(m, "user_id", user);
                    put(m, "metadata", meta);
                    put(m, "idempotency_key", key);
                    if (unknown != null) {
                        m.put("x_unknown_" + unknown, unknown == 1 ? "ignored" : unknown == 2
                                ? new Json.Raw("{\"nested\":[1,{\"deep\":null}]}") : new Json.Raw("1e400"));
                    }
                    return m;
                });
        return Combinators.combine(id, type, HostileText.good(), modelName, tokens, quantity, timestamp, extras)
                .as((uuid, t, feature, m, counts, q, ts, more) -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("event_id", uuid.toString());
                    f.put("customer_id", customer);
                    f.put("event_type", t);
                    f.put("feature_id", feature);
                    if (t.equals("TOKEN_USAGE")) {
                        f.put("provider", PROVIDER);
                        f.put("model", m);
                        f.put("input_tokens", counts[0]);
                        f.put("cached_input_tokens", counts[1]);
                        f.put("cache_write_tokens", counts[2]);
                        f.put("output_tokens", counts[3]);
                    } else if (!t.equals("API_CALL") || counts[0] % 2 == 0) {
                        f.put("quantity", q);
                    }
                    if (t.equals("CUSTOM")) {
                        f.put("unit", "pages");
                    }
                    f.put("timestamp", timestamp(ts, (String) more.get("idempotency_key")));
                    f.putAll(more);
                    return new HostileEvent(f, null, Expect.ACCEPT);
                });
    }

    /**
     * The event time as RFC 3339 (UTC or +05:30). An event with a pooled idempotency key is moved into that key's
     * hour, always on one UTC day (a retry as documented: the edge files a key under its event's day), unless
     * {@code crossDayKeys}: then a key also comes back on other days.
     */
    private String timestamp(long encoded, String key) {
        long ms = encoded < 0 ? -encoded - 1 : encoded;
        if (key != null && !crossDayKeys) {
            Instant hour = keyHour(key);
            long room = Math.min(3_600_000L, hour.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).toEpochMilli()
                    - hour.toEpochMilli());
            ms = hour.toEpochMilli() + Math.floorMod(ms, room);
        }
        Instant t = Instant.ofEpochMilli(ms);
        // (OffsetDateTime.toString() leaves out ":00" seconds, which RFC 3339 requires)
        return encoded < 0 ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(ZoneOffset.ofHoursMinutes(5, 30)))
                : t.toString();
    }

    /** The odd keys of the pool live in the re-rating window, the others thirty hours ago. */
    private Instant keyHour(String key) {
        boolean odd = (key.hashCode() & 1) == 1;
        return (odd ? windowFrom.plus(Duration.ofHours(6)) : now.minus(Duration.ofHours(30))).truncatedTo(ChronoUnit.HOURS);
    }

    static Arbitrary<Map<String, Object>> metadata() {
        return HostileText.good().map(note -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("note", note);
            m.put(note, new BigDecimal("12345678901234567890.123456789"));
            m.put("text", "tab\tnewline\ncr\r are allowed in metadata strings");
            m.put("deep", List.of(1, true, Map.of("k", List.of())));
            return m;
        });
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
