package com.opscenter.cloud.control;

import com.opscenter.platform.control.DomainException;

/** A cloud request with a value the server cannot accept. */
public final class InvalidCloudRequest extends DomainException {

    public InvalidCloudRequest(String message) {
        super(Kind.INVALID, message);
    }
}
