package io.meterline.cost.repository;

import java.math.BigDecimal;

import io.meterline.common.event.UsageEventV1;
import io.meterline.cost.service.Tariff;

/**
 * A PRICED usage row locked by a re-rating job: the event it came from, the tariff it was priced with (the stored
 * multiplier and credits per USD; the customer's and the installation's current ones for rows older than V13) and
 * its current price.
 */
public record RerateCandidate(UsageEventV1 event, Tariff tariff, BigDecimal costUsd, BigDecimal credits) {
}
