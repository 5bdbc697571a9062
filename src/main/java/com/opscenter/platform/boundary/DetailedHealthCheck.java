package com.opscenter.platform.boundary;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A health check whose data (paths, free space, error messages) is for admins only: {@code /health}, open to
 * anyone, gets its name and UP or DOWN; {@code GET /api/v1/health} (admin) gets {@link #details()}.
 */
public interface DetailedHealthCheck extends HealthCheck {

    /** The full answer, data included. */
    HealthCheckResponse details();

    @Override
    default HealthCheckResponse call() {
        return forStrangers(details());
    }

    static HealthCheckResponse forStrangers(HealthCheckResponse full) {
        return HealthCheckResponse.named(full.getName())
                .status(full.getStatus() == HealthCheckResponse.Status.UP)
                .build();
    }
}
