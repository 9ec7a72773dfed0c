package io.meterline.ingest.rates;

import java.util.List;

/** The answer to PUT /v1/admin/rates: one result per item, in the order sent. */
public record RateChangesView(List<RateChangeView> results) {
}
