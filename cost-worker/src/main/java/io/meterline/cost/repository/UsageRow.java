package io.meterline.cost.repository;

import io.meterline.common.event.UsageEventV1;
import io.meterline.cost.service.Price;

/**
 * A usage_events row to insert: the event, its price, (when priced) the BURN row that charges it, and its
 * {@link UsageKeys key}, built once: a batch looks every row up several times, and rebuilding the string each
 * time showed in profiles.
 */
public record UsageRow(UsageEventV1 event, Price price, Long ledgerTxId, String key) {

    public UsageRow(UsageEventV1 event, Price price, Long ledgerTxId) {
        this(event, price, ledgerTxId, UsageKeys.of(event.customerId(), event.dedupKey()));
    }
}
