package io.meterline.cost.repository;

import java.math.BigDecimal;

/** The new price of one usage row a job changes; the old one is read back by the statement that writes it. */
public record RerateChange(String customerId, String dedupKey, BigDecimal costUsd, BigDecimal credits, long[] rateIds) {
}
