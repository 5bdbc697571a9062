package com.opscenter.cloud.control;

import com.opscenter.backups.control.BackupLeases;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * At start-up, picks up uploads a stop interrupted and retries that were planned before it; then, at start-up and
 * every half lease, takes over uploads other servers stopped renewing (CloudUploads.takeOverLapsed).
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CloudRecovery {

    private static final Logger LOG = Logger.getLogger(CloudRecovery.class.getName());

    @Inject
    CloudUploads uploads;

    @Inject
    @ConfigProperties
    CloudSettings settings;

    @Inject
    CloudTargets targets;

    @Inject
    BackupLeases leases;

    @Resource
    TimerService timers;

    @PostConstruct
    void resume() {
        if (!settings.enabled()) {
            return;
        }
        var listProblems = targets.listProblems();
        if (!listProblems.isEmpty()) {
            // The targets that are well named still work; readiness stays down until the list is right.
            LOG.severe(() -> "Cloud targets are misconfigured: " + String.join("; ", listProblems));
        }
        var usable = 0;
        for (var target : targets.all()) {
            var problems = target.problems();
            if (problems.isEmpty()) {
                usable++;
                LOG.info(() -> "Cloud backup on: " + (targets.several() ? "target " + target.name() + ", " : "")
                        + target.settings());
            } else {
                LOG.severe(() -> "Cloud backup is enabled but misconfigured"
                        + (targets.several() ? " (target " + target.name() + ")" : "") + ": "
                        + String.join("; ", problems));
            }
        }
        if (usable == 0) {
            return;
        }
        uploads.resume();
        sweep();
        var every = leases.sweepInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig(null, false));
    }

    @Timeout
    void sweep() {
        try {
            uploads.takeOverLapsed();
        } catch (RuntimeException e) {
            // The next round tries again.
            LOG.log(Level.WARNING, "Could not look for uploads whose lease ran out: " + e.getMessage(), e);
        }
    }
}
