package com.opscenter.audit.boundary;

import com.opscenter.audit.control.AuditTrail;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit trail's timers: summaries of anonymous denials each minute, the retention trim and a recount of the
 * rows (AuditCount) each night.
 */
@Singleton
@Startup
public class AuditUpkeep {

    private static final Logger LOG = Logger.getLogger(AuditUpkeep.class.getName());

    @Inject
    AuditTrail trail;

    @Schedule(hour = "*", minute = "*", second = "30", persistent = false, info = "ops-center-audit-denied")
    void closeDeniedBursts() {
        try {
            trail.closeDeniedBursts();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not write the summary of denied requests", e);
        }
    }

    @Schedule(hour = "3", minute = "17", persistent = false, info = "ops-center-audit-retention")
    void trim() {
        try {
            trail.trim();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not trim the audit trail", e);
        }
        try {
            trail.recount();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not count the audit trail's rows", e);
        }
    }
}
