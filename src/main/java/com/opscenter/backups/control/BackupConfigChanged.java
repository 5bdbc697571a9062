package com.opscenter.backups.control;

/** Fired after a configuration change is committed, so the scheduler can follow it at once. */
public record BackupConfigChanged(boolean backupEnabled, String schedule) {}
