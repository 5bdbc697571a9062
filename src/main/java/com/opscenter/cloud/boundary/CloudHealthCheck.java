package com.opscenter.cloud.boundary;

import com.opscenter.cloud.control.CloudSettings;
import com.opscenter.cloud.control.CloudTarget;
import com.opscenter.cloud.control.CloudTargets;
import com.opscenter.platform.boundary.DetailedHealthCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * With cloud backup on, every target's bucket must be reachable with its keys: off-site copies that silently
 * stopped are worse than none. With one target the answer is the spec target's alone; with several, each target
 * has its own entry ({@code target.<name>}: up, or down with the reason) and the check is down while any of them
 * is, or while CLOUD_BACKUP_TARGETS itself is wrong. Bucket checks are cached briefly (ObjectStore), so probes do
 * not hammer the S3 servers; buckets, endpoints and reasons are for admins only (GET /api/v1/health).
 */
@Readiness
@ApplicationScoped
public class CloudHealthCheck implements DetailedHealthCheck {

    @Inject
    @ConfigProperties
    CloudSettings settings;

    @Inject
    CloudTargets targets;

    @Override
    public HealthCheckResponse details() {
        var response = HealthCheckResponse.named("cloud-storage").withData("enabled", settings.enabled());
        if (!settings.enabled()) {
            return response.up().build();
        }
        var listProblems = targets.listProblems();
        var all = targets.all();
        if (all.size() == 1 && listProblems.isEmpty()) {
            return single(response, all.get(0));
        }
        var reasons = new ArrayList<String>();
        if (!listProblems.isEmpty()) {
            reasons.add("misconfigured: " + String.join("; ", listProblems));
        }
        response.withData("targets", all.stream().map(CloudTarget::name).collect(Collectors.joining(",")));
        for (var target : all) {
            var problem = problem(target);
            var entry = "target." + target.name();
            response.withData(entry + ".bucket", target.settings().bucket());
            if (problem == null) {
                response.withData(entry, "up");
            } else {
                response.withData(entry, "down: " + problem);
                reasons.add(target.name() + ": " + problem);
            }
        }
        if (!reasons.isEmpty()) {
            return response.down()
                    .withData("reason", String.join("; ", reasons))
                    .build();
        }
        return response.up().build();
    }

    /** The spec's answer for its one target. */
    private static HealthCheckResponse single(HealthCheckResponseBuilder response, CloudTarget target) {
        var settings = target.settings();
        var problems = target.problems();
        if (!problems.isEmpty()) {
            return response.down()
                    .withData("reason", "misconfigured: " + String.join("; ", problems))
                    .build();
        }
        response.withData("provider", settings.providerName()).withData("bucket", settings.bucket());
        if (settings.endpoint() != null) {
            response.withData("endpoint", settings.endpoint());
        }
        var state = target.store().check(false);
        if (!state.reachable()) {
            return response.down().withData("reason", state.problem()).build();
        }
        return response.up().withData("versioning", state.versioning()).build();
    }

    /** What keeps a target from working; null when its bucket answers. */
    private static String problem(CloudTarget target) {
        var problems = target.problems();
        if (!problems.isEmpty()) {
            return "misconfigured: " + String.join("; ", problems);
        }
        var state = target.store().check(false);
        return state.reachable() ? null : state.problem();
    }
}
