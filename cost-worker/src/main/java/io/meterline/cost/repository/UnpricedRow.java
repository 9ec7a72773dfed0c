package io.meterline.cost.repository;

import io.meterline.common.event.UsageEventV1;
import io.meterline.cost.service.Tariff;

/** An UNPRICED usage row locked for re-pricing, rebuilt as the event it came from, with its customer's tariff now. */
public record UnpricedRow(UsageEventV1 event, Tariff tariff) {
}
