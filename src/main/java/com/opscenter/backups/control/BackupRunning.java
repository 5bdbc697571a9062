package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** A backup that is still running: it cannot be deleted, and a second one of the same volumes cannot start. */
public final class BackupRunning extends DomainException {

    public BackupRunning(String message) {
        super(Kind.CONFLICT, message);
    }
}
