package com.opscenter.backups.entity;

import java.util.Locale;

public enum BackupStatus {
    RUNNING,
    COMPLETED,
    COMPLETED_WITH_WARNINGS,
    FAILED,
    MISSING;

    /** The spec's wire form: {@code completed}, {@code completed_with_warnings}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A usable archive exists for this backup. */
    public boolean isComplete() {
        return this == COMPLETED || this == COMPLETED_WITH_WARNINGS;
    }
}
