package com.opscenter.cloud.control;

import com.opscenter.platform.control.DomainException;

/**
 * A cloud operation that did not work, described for an operator. {@code permanent} failures (rejected
 * credentials, a missing bucket, a wrong configuration) do not go away by retrying, so nothing retries them. The
 * fault is upstream (502), or, for a configuration that cannot work at all, here until it is fixed (503).
 */
public class CloudFailure extends DomainException {

    private final boolean permanent;
    private final String staleUploadId;

    public CloudFailure(String message, boolean permanent) {
        this(message, permanent, null);
    }

    public CloudFailure(String message, boolean permanent, String staleUploadId) {
        super(misconfigured(message) ? Kind.UNAVAILABLE : Kind.BAD_GATEWAY, message, false);
        this.permanent = permanent;
        this.staleUploadId = staleUploadId;
    }

    public boolean permanent() {
        return permanent;
    }

    /** A multipart upload that could not be aborted (the server was gone); it is aborted on the next attempt. */
    public String staleUploadId() {
        return staleUploadId;
    }

    /** A configuration that cannot work (checked locally, before any request). */
    public boolean misconfigured() {
        return misconfigured(getMessage());
    }

    private static boolean misconfigured(String message) {
        return message != null && message.startsWith(MISCONFIGURED);
    }

    static final String MISCONFIGURED = "Cloud backup is misconfigured: ";

    public CloudFailure withStaleUpload(String uploadId) {
        return new CloudFailure(getMessage(), permanent, uploadId);
    }
}
