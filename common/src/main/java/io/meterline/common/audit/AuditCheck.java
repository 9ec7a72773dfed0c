package io.meterline.common.audit;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One invariant: how many places violate it, and the first few of them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditCheck(String name, String invariant, long violations, List<String> examples) {
}
