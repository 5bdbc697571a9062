package com.opscenter.backups.control;

/** Fired after an archive was checked on request; {@code valid} is false when the check found damage. */
public record BackupVerified(String backupId, boolean valid) {}
