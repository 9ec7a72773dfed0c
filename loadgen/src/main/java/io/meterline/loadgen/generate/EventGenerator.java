package io.meterline.loadgen.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds TOKEN_USAGE batches. A share of the events ({@code duplicateShare}) are exact copies of an event
 * generated earlier for the same customer (in an earlier batch or earlier in the same one), so the ingest API
 * must answer them as duplicates. Safe to use from several threads, each passing its own random source.
 */
public final class EventGenerator {

    static final List<String> FEATURES = List.of("chat", "summarize", "search", "agent", "code-assist", "translate");
    static final int USERS_PER_CUSTOMER = 500;
    static final int HISTORY_PER_CUSTOMER = 4096;
    /** Event timestamps trail "now" by up to this much, like a client that buffers before it sends. */
    static final long MAX_TIMESTAMP_LAG_MS = 30_000;

    private static final byte[] OPEN = "{\"events\":[".getBytes();
    private static final byte[] CLOSE = "]}".getBytes();

    private final List<ModelSpec> models;
    private final double[] cumulativeWeights;
    private final double duplicateShare;
    private final Clock clock;
    private final JsonFactory json = new JsonFactory();
    private final Map<String, SentHistory> histories = new ConcurrentHashMap<>();

    public EventGenerator(List<ModelSpec> models, double duplicateShare, Clock clock) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("at least one model");
        }
        if (duplicateShare < 0 || duplicateShare >= 1) {
            throw new IllegalArgumentException("duplicate share must be in [0, 1): " + duplicateShare);
        }
        this.models = List.copyOf(models);
        this.duplicateShare = duplicateShare;
        this.clock = clock;
        this.cumulativeWeights = new double[models.size()];
        double sum = 0;
        for (int i = 0; i < models.size(); i++) {
            sum += models.get(i).weight();
            cumulativeWeights[i] = sum;
        }
    }

    public Batch batch(Customer customer, int size, SplittableRandom random) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
        SentHistory history = histories.computeIfAbsent(customer.id(), id -> new SentHistory(HISTORY_PER_CUSTOMER));
        ByteArrayOutputStream body = new ByteArrayOutputStream(size * 400 + 16);
        body.writeBytes(OPEN);
        int resent = 0;
        long now = clock.millis();
        String[] ids = new String[size];
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.write(',');
            }
            SentHistory.Sent event = random.nextDouble() < duplicateShare ? history.pick(random) : null;
            if (event != null) {
                resent++;
            } else {
                event = newEvent(customer, now, random);
                history.add(event);
            }
            ids[i] = event.eventId();
            body.writeBytes(event.json());
        }
        body.writeBytes(CLOSE);
        return new Batch(customer, size, resent, body.toByteArray(), List.of(ids));
    }

    ModelSpec pickModel(SplittableRandom random) {
        double r = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (r < cumulativeWeights[i]) {
                return models.get(i);
            }
        }
        return models.get(models.size() - 1);
    }

    private SentHistory.Sent newEvent(Customer customer, long nowMillis, SplittableRandom random) {
        ModelSpec model = pickModel(random);
        TokenCounts tokens = TokenCounts.sample(random, model.readsCache(), model.writesCache());
        Instant timestamp = Instant.ofEpochMilli(nowMillis - random.nextLong(MAX_TIMESTAMP_LAG_MS));
        UUID eventId = new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream(400);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event_id", eventId.toString());
            g.writeStringField("customer_id", customer.id());
            g.writeStringField("event_type", "TOKEN_USAGE");
            g.writeStringField("feature_id", FEATURES.get(random.nextInt(FEATURES.size())));
            g.writeStringField("provider", model.provider());
            g.writeStringField("model", model.model());
            g.writeNumberField("input_tokens", tokens.inputTokens());
            g.writeNumberField("cached_input_tokens", tokens.cachedInputTokens());
            g.writeNumberField("cache_write_tokens", tokens.cacheWriteTokens());
            g.writeNumberField("output_tokens", tokens.outputTokens());
            g.writeStringField("timestamp", timestamp.toString());
            g.writeStringField("user_id", "user-" + random.nextInt(USERS_PER_CUSTOMER));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return new SentHistory.Sent(eventId.toString(), out.toByteArray());
    }
}
