package com.opscenter.cloud.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** At start-up, picks up uploads a stop interrupted and retries that were planned before it. */
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

    @PostConstruct
    void resume() {
        if (!settings.enabled()) {
            return;
        }
        var problems = settings.problems();
        if (!problems.isEmpty()) {
            LOG.severe(() -> "Cloud backup is enabled but misconfigured: " + String.join("; ", problems));
            return;
        }
        LOG.info(() -> "Cloud backup on: " + settings);
        uploads.resume();
    }
}
