package com.opscenter.platform.boundary;

import com.opscenter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What {@code /health} keeps from strangers: every check with its data (folders, free space, the reason it is
 * DOWN). Admins only; the answers are the checks' cached probes, so this costs no more than {@code /health}.
 */
@Path("health")
@Tag(name = "health", description = "Every health check with its data, for admins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@RequestScoped
public class HealthDetailsResource {

    /** One check as MicroProfile Health reports it, data included. */
    public record CheckDetails(String name, String status, Map<String, Object> data) {}

    /** UP only when every check is UP. */
    public record HealthDetails(String status, List<CheckDetails> checks) {}

    @Inject
    @Any
    Instance<DetailedHealthCheck> checks;

    @GET
    @Operation(summary = "Every health check with its data: folders, free space, why it is DOWN")
    public HealthDetails details() {
        return of(checks.stream().map(DetailedHealthCheck::details).toList());
    }

    static HealthDetails of(List<HealthCheckResponse> responses) {
        var details = new ArrayList<CheckDetails>();
        for (var response : responses) {
            details.add(new CheckDetails(
                    response.getName(),
                    response.getStatus().name(),
                    new TreeMap<>(response.getData().orElse(Map.of()))));
        }
        details.sort(Comparator.comparing(CheckDetails::name));
        var up = details.stream().allMatch(check -> check.status().equals("UP"));
        return new HealthDetails(up ? "UP" : "DOWN", details);
    }
}
