package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** A restore that would replace data it should not: the target is not empty, or the archive failed verification. */
public final class RestoreConflict extends DomainException {

    public RestoreConflict(String message) {
        super(Kind.CONFLICT, message);
    }
}
