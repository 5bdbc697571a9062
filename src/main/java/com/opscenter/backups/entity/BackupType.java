package com.opscenter.backups.entity;

import java.util.Locale;

public enum BackupType {
    MANUAL,
    SCHEDULED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
