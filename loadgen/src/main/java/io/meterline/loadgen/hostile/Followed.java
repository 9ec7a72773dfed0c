package io.meterline.loadgen.hostile;

import java.util.UUID;

/**
 * An event the edge did not refuse, to be looked up until decided.
 *
 * @param firstClaim the first not-refused event of its customer with this dedup key: it must end decided; a later
 *                   one with another event id may be a duplicate (404), but never stay PENDING
 */
public record Followed(String customer, UUID eventId, HostileEvent event, boolean firstClaim) {
}
