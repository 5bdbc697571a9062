package com.opscenter.audit.control;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code audit.retention.days} (AUDIT_RETENTION_DAYS): how long audit rows are kept; 0 keeps them forever. */
@ConfigProperties(prefix = "audit")
@Dependent
public class AuditSettings {

    @ConfigProperty(name = "retention.days")
    int retentionDays;

    public int retentionDays() {
        return retentionDays;
    }
}
