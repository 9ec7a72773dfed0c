package io.meterline.ingest.rates;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to PUT /v1/admin/rates: one result per item, in the order sent, and the re-rating job when an item
 * asked for one (the request is then answered 202: the job runs in the cost worker, see GET /v1/admin/rerate-jobs).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateChangesView(List<RateChangeView> results,
        @Schema(description = "The re-rating job created, when an item has rerate: true")
        @JsonProperty("rerate_job_id") UUID rerateJobId) {
}
