package io.meterline.ingest.stats;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: stats", description = "Credit operations by UTC day or month")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class StatsResource {

    private final StatsService stats;

    public StatsResource(StatsService stats) {
        this.stats = stats;
    }

    @GET
    @Operation(summary = "Granted (by source), burned, charged, refunded, expired, outstanding, active customers, "
            + "usage cost against credits billed", description = "from (RFC 3339, required) .. to (default now), at "
                    + "most 366 days; period day|month (default month, UTC); customer_id narrows to one customer. "
                    + "Every period of the range is listed, clipped to [from, to).")
    @APIResponse(responseCode = "200", description = "The periods, oldest first")
    @APIResponse(responseCode = "404", description = "No such customer")
    @APIResponse(responseCode = "422", description = "from, to or period invalid, or the range too long")
    public Uni<StatsView> stats(@RestQuery String from, @RestQuery String to, @RestQuery String period,
            @RestQuery("customer_id") String customerId) {
        return stats.stats(from, to, period, customerId);
    }
}
