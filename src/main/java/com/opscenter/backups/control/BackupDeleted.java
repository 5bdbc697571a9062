package com.opscenter.backups.control;

/** Fired after a backup's archive and catalog entry were removed. */
public record BackupDeleted(String backupId) {}
