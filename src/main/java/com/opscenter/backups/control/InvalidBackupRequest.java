package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** A backup, restore or configuration request with a value the server cannot accept; the message names the field. */
public class InvalidBackupRequest extends DomainException {

    public InvalidBackupRequest(String message) {
        super(Kind.INVALID, message);
    }
}
