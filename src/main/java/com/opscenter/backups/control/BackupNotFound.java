package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** No backup with this id in the catalog (or no valid backup id at all). */
public final class BackupNotFound extends DomainException {

    public BackupNotFound(String message) {
        super(Kind.NOT_FOUND, message);
    }
}
