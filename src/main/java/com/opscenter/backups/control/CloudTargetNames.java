package com.opscenter.backups.control;

import java.util.List;

/**
 * The names of the configured cloud targets, as the cloud feature knows them; schedules name the targets their
 * backups are copied to. An interface here, implemented there, so that backups need not know the cloud feature.
 */
public interface CloudTargetNames {

    /** Every configured target's name, lower case; empty when cloud backup is not configured. */
    List<String> cloudTargetNames();
}
