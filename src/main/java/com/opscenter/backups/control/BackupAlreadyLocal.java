package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** An archive arrived for a backup whose archive is already in the local folder. */
public final class BackupAlreadyLocal extends DomainException {

    public BackupAlreadyLocal(String message) {
        super(Kind.CONFLICT, message);
    }
}
