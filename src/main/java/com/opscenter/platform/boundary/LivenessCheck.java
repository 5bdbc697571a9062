package com.opscenter.platform.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** The process answers; nothing outside it is asked, so a slow database never gets the container restarted. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements DetailedHealthCheck {

    @Override
    public HealthCheckResponse details() {
        return HealthCheckResponse.named("process").up().build();
    }
}
