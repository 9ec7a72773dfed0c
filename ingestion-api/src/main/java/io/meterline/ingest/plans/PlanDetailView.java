package io.meterline.ingest.plans;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A plan with all its versions, oldest first; {@code current} is the newest. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanDetailView(String planId, PlanView current, List<PlanView> versions) {
}
