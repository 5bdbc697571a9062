package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** A backup being verified, restored or uploaded cannot be deleted until that is done. */
public final class BackupInUse extends DomainException {

    public BackupInUse(String message) {
        super(Kind.CONFLICT, message);
    }
}
