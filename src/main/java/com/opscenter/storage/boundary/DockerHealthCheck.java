package com.opscenter.storage.boundary;

import com.opscenter.platform.boundary.DetailedHealthCheck;
import com.opscenter.platform.control.CachedProbe;
import com.opscenter.storage.control.DockerVolumes;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether the Docker Engine answers. Without it directory volumes and backups still work, so the check stays UP
 * and says {@code degraded} with the reason, rather than taking the service out of rotation.
 */
@Readiness
@ApplicationScoped
public class DockerHealthCheck implements DetailedHealthCheck {

    @Inject
    DockerVolumes docker;

    @Inject
    Clock clock;

    /** Where a due probe is refreshed while callers get the last answer. */
    @Resource
    ManagedExecutorService executor;

    private CachedProbe<HealthCheckResponse> cache;

    @Override
    public synchronized HealthCheckResponse details() {
        if (cache == null) {
            cache = new CachedProbe<>("docker probe", this::probe, clock, CachedProbe.TTL, executor);
        }
        return cache.get();
    }

    HealthCheckResponse probe() {
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
