package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** A running or failed backup has no archive to verify, restore, list or upload. */
public final class BackupWithoutArchive extends DomainException {

    public BackupWithoutArchive(String message) {
        super(Kind.CONFLICT, message);
    }
}
