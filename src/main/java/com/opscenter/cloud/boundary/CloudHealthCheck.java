package com.opscenter.cloud.boundary;

import com.opscenter.cloud.control.CloudSettings;
import com.opscenter.cloud.control.ObjectStore;
import com.opscenter.platform.boundary.DetailedHealthCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * With cloud backup on, the bucket must be reachable with the configured keys: off-site copies that silently
 * stopped are worse than none. The bucket check is cached briefly (ObjectStore), so probes do not hammer the S3
 * server; bucket, endpoint and reasons are for admins only (GET /api/v1/health).
 */
@Readiness
@ApplicationScoped
public class CloudHealthCheck implements DetailedHealthCheck {

    @Inject
    @ConfigProperties
    CloudSettings settings;

    @Inject
    ObjectStore store;

    @Override
    public HealthCheckResponse details() {
        var response = HealthCheckResponse.named("cloud-storage").withData("enabled", settings.enabled());
        if (!settings.enabled()) {
            return response.up().build();
        }
        var problems = settings.problems();
        if (!problems.isEmpty()) {
            return response.down()
                    .withData("reason", "misconfigured: " + String.join("; ", problems))
                    .build();
        }
        response.withData("provider", settings.providerName()).withData("bucket", settings.bucket());
        if (settings.endpoint() != null) {
            response.withData("endpoint", settings.endpoint());
        }
        var state = store.check(false);
        if (!state.reachable()) {
            return response.down().withData("reason", state.problem()).build();
        }
        return response.up().withData("versioning", state.versioning()).build();
    }
}
