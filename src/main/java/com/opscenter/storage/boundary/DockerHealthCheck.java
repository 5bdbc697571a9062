package com.opscenter.storage.boundary;

import com.opscenter.storage.control.DockerVolumes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether the Docker Engine answers. Without it directory volumes and backups still work, so the check stays UP
 * and says {@code degraded} with the reason, rather than taking the service out of rotation.
 */
@Readiness
@ApplicationScoped
public class DockerHealthCheck implements HealthCheck {

    @Inject
    DockerVolumes docker;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("docker").up();
        try {
            return response.withData("docker", "reachable, " + docker.list().size() + " volumes")
                    .build();
        } catch (RuntimeException e) { // DockerUnavailableException and anything the client throws
            return response.withData(
                            "docker",
                            "degraded: Docker Engine unreachable, only directory volumes work (" + e.getMessage() + ")")
                    .build();
        }
    }
}
