package io.meterline.cost.repository;

import java.math.BigDecimal;

import io.meterline.common.event.UsageEventV1;

/** An UNPRICED usage row locked for re-pricing, rebuilt as the event it came from, with its customer's multiplier. */
public record UnpricedRow(UsageEventV1 event, BigDecimal priceMultiplier) {
}
