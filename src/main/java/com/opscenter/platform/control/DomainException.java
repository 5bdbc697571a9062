package com.opscenter.platform.control;

import java.time.Duration;
import java.util.Optional;

/**
 * A request the domain refuses, said in the domain's words. The kind tells the boundary which answer it is (one
 * mapper turns each kind into its status), and tells a timer or a queue whether to skip, give up or retry,
 * without knowing HTTP. The message is for a client: no secrets, no class names.
 */
public abstract class DomainException extends RuntimeException {

    /** What went wrong, in the terms a caller can act on. */
    public enum Kind {
        /** The request itself is wrong (a bad value, an unknown name). */
        INVALID,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The request clashes with the current state (something running, in use, already there). */
        CONFLICT,
        /** It existed, but its data is gone. */
        GONE,
        /** The local disk cannot hold what the request needs. */
        INSUFFICIENT_STORAGE,
        /** An outside system (such as the S3 server) refused or could not be reached. */
        BAD_GATEWAY,
        /** The server is configured so that this cannot work until an operator fixes it. */
        UNAVAILABLE,
        /** Too much of this work is running already; the same request may succeed later. */
        BUSY
    }

    private final Kind kind;

    protected DomainException(Kind kind, String message) {
        this(kind, message, null);
    }

    protected DomainException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** For refusals that are expected and frequent: no stack trace is captured. */
    protected DomainException(Kind kind, String message, boolean withStackTrace) {
        super(message, null, false, withStackTrace);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** When a refused caller may try again, if the refusal is only for now. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}
