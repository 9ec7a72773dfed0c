package io.meterline.cost.service;

/** CDI event: the in-memory catalogue was replaced by one with different rate rows. */
public record RatesChanged(int rates) {
}
