package com.opscenter.cloud.control;

import com.opscenter.platform.control.DomainException;

/** The backup is being uploaded right now: a second upload or a delete of its copy has to wait. */
public final class UploadInProgress extends DomainException {

    public UploadInProgress(String message) {
        super(Kind.CONFLICT, message);
    }
}
