package io.meterline.cost.repository;

import io.meterline.common.event.UsageEventV1;
import io.meterline.cost.service.Price;

/** A usage_events row to insert: the event, its price and (when priced) the BURN row that charges it. */
public record UsageRow(UsageEventV1 event, Price price, Long ledgerTxId) {

    public String key() {
        return UsageKeys.of(event.customerId(), event.dedupKey());
    }
}
