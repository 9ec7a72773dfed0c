package io.meterline.cost.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.validation.TextRules;
import io.meterline.cost.repository.DeadLetterRow;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a record that cannot be billed, with its reason, into the dead_letters row and the dead-letter topic's
 * envelope. The event's identity (customer_id, event_id, dedup key) is read from the payload's JSON tree on its
 * own, independently of the decoder, so an event refused for any other field still gets its REJECTED status. Every
 * string that goes to Postgres satisfies {@link TextRules}, so the dead letter itself can never be refused.
 */
@ApplicationScoped
public class DeadLetters {

    /** The ingestion API's bounds (a customer id is at most 128 characters, an idempotency key 255). */
    static final int MAX_CUSTOMER_ID = 128;
    static final int MAX_IDEMPOTENCY_KEY = 255;
    static final int MAX_TEXT = 2000;
    /** Record timestamps outside [epoch, year 9999] are not stored (Postgres would refuse some). */
    private static final long MAX_TIMESTAMP_MS = 253_402_300_799_999L;

    private final ObjectMapper mapper;

    public DeadLetters(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public DeadLetterRow row(ConsumerRecord<String, byte[]> record, String reason) {
        Identity id = identity(record.value());
        long ts = record.timestamp();
        return new DeadLetterRow(record.topic(), record.partition(), record.offset(), printable(record.key()),
                record.value(), ts < 0 || ts > MAX_TIMESTAMP_MS ? null : Instant.ofEpochMilli(ts), printable(reason),
                id == null ? null : id.customerId(), id == null ? null : id.eventId(),
                id == null ? null : id.dedupKey());
    }

    public static DeadLetter envelope(ConsumerRecord<String, byte[]> record, String reason) {
        return new DeadLetter(DeadLetter.SCHEMA_VERSION, reason, record.topic(), record.partition(), record.offset(),
                record.key(), record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8),
                Instant.ofEpochMilli(record.timestamp()), Instant.now());
    }

    record Identity(String customerId, UUID eventId, String dedupKey) {
    }

    /** The identity when customer_id, event_id and (if sent) idempotency_key are all readable and valid; else null. */
    Identity identity(byte[] payload) {
        if (payload == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(payload);
        } catch (Exception unreadable) {
            return null;
        }
        if (tree == null || !tree.isObject()) {
            return null;
        }
        String customer = identifier(tree.get("customer_id"), MAX_CUSTOMER_ID);
        String eventText = identifier(tree.get("event_id"), 36);
        JsonNode keyNode = tree.get("idempotency_key");
        String key = keyNode == null || keyNode.isNull() ? null : identifier(keyNode, MAX_IDEMPOTENCY_KEY);
        if (customer == null || eventText == null || (keyNode != null && !keyNode.isNull() && key == null)) {
            return null;
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(eventText);
        } catch (IllegalArgumentException notUuid) {
            return null;
        }
        if (eventText.length() != 36) {
            return null;
        }
        return new Identity(customer, eventId, key != null ? key : eventId.toString());
    }

    private static String identifier(JsonNode node, int maxLength) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.textValue();
        return text.isBlank() || text.length() > maxLength || TextRules.problem(text) != null ? null : text;
    }

    /**
     * The text as it can be stored: cut to MAX_TEXT characters, and each code point the shared string rule refuses
     * (a control character, a lone surrogate) replaced by U+FFFD. Null stays null.
     */
    static String printable(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        if (TextRules.freeTextProblem(cut) == null) {
            return cut;
        }
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> {
            String one = new String(Character.toChars(cp));
            out.append(TextRules.freeTextProblem(one) == null ? one : "\uFFFD");
        });
        return out.toString();
    }
}
