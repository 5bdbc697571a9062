package com.opscenter.cloud.control;

import com.opscenter.platform.control.DomainException;

/** No complete copy of this backup in the bucket. */
public final class CloudBackupNotFound extends DomainException {

    public CloudBackupNotFound(String message) {
        super(Kind.NOT_FOUND, message);
    }
}
