package com.opscenter.cloud.control;

import com.opscenter.platform.control.DomainException;

/** The backup folder cannot hold a download from the bucket. */
public final class NotEnoughSpace extends DomainException {

    public NotEnoughSpace(String message) {
        super(Kind.INSUFFICIENT_STORAGE, message);
    }
}
