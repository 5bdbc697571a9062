package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** An increment cannot be restored: a backup whose archive holds some of its files is missing (409). */
public final class BackupChainBroken extends DomainException {

    public BackupChainBroken(String message, Throwable cause) {
        super(Kind.CONFLICT, message, cause);
    }
}
