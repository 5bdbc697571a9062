package com.opscenter.backups.control;

/** Fired after a backup was restored; metrics count it. */
public record BackupRestored(String backupId) {}
