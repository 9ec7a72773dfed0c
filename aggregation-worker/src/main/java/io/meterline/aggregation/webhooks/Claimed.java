package io.meterline.aggregation.webhooks;

import java.util.List;
import java.util.UUID;

/**
 * A delivery claimed for one attempt: {@code attempt} is its number (the claim counted it), {@code round} the
 * number of this attempt within the current round of retries. {@code secrets} sign it, current first.
 */
public record Claimed(UUID id, UUID endpointId, String messageId, String body, int attempt, int round, String url,
        List<String> secrets) {
}
