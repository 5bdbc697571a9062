package com.opscenter.platform.control;

import java.time.Duration;
import java.util.Optional;

/** Refused only for now: the limit of this kind of work is reached. Frequent under load, so no stack trace. */
public class WorkLimitReached extends DomainException {

    private final Duration retryAfter;

    public WorkLimitReached(Kind kind, String message, Duration retryAfter) {
        super(kind, message, false);
        this.retryAfter = retryAfter;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }
}
