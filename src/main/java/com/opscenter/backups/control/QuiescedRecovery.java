package com.opscenter.backups.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start-up, starts again the containers this server stopped or paused for a backup or restore and did not
 * start before it died ({@link ContainerQuiescing#recover}). An Engine that cannot be reached costs nothing but
 * a warning: the rows stay for the next start-up.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QuiescedRecovery {

    private static final Logger LOG = Logger.getLogger(QuiescedRecovery.class.getName());

    @Inject
    ContainerQuiescing quiescing;

    @PostConstruct
    void startUp() {
        try {
            quiescing.recover().forEach(line -> LOG.warning(() -> "Start-up, containers left by a crash: " + line));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not start the containers a crash left stopped: " + e.getMessage(), e);
        }
    }
}
