package io.meterline.ingest.audit;

import java.time.Duration;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.meterline.common.validation.TextRules;
import io.meterline.ingest.http.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: audit", description = "The billing invariants, checked over the whole database")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AuditResource {

    private static final long MAX_SECONDS = 30L * 24 * 3600;

    private final AuditService audit;

    public AuditResource(AuditService audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Check every billing invariant; violations 0 means all hold",
            description = "Ledger chains in seq order and ends at the balance; each BURN equals its usage rows; every "
                    + "PRICED row has its BURN; no accepted event waits in Kafka too long; settled rollups equal raw "
                    + "sums. customer_id limits the database checks to one customer; settle_seconds and "
                    + "pending_max_age_seconds override the configured settle time and pending age.")
    @APIResponse(responseCode = "200", description = "The report, each check with its count and first examples")
    @APIResponse(responseCode = "400", description = "A parameter is not valid")
    public Uni<AuditReport> audit(@RestQuery("customer_id") String customerId,
            @RestQuery("settle_seconds") String settleSeconds,
            @RestQuery("pending_max_age_seconds") String pendingMaxAgeSeconds) {
        if (customerId != null && (customerId.isEmpty() || customerId.length() > 128
                || TextRules.problem(customerId) != null)) {
            throw ApiException.badRequest("customer_id is not a valid customer id");
        }
        return audit.audit(customerId, seconds("settle_seconds", settleSeconds),
                seconds("pending_max_age_seconds", pendingMaxAgeSeconds));
    }

    private static Duration seconds(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0 && seconds <= MAX_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be a whole number of seconds from 0 to " + MAX_SECONDS);
    }
}
