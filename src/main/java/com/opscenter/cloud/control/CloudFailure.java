package com.opscenter.cloud.control;

/**
 * A cloud operation that did not work, described for an operator. {@code permanent} failures (rejected
 * credentials, a missing bucket, a wrong configuration) do not go away by retrying, so nothing retries them.
 */
public class CloudFailure extends RuntimeException {

    private final boolean permanent;
    private final String staleUploadId;

    public CloudFailure(String message, boolean permanent) {
        this(message, permanent, null);
    }

    public CloudFailure(String message, boolean permanent, String staleUploadId) {
        super(message, null, false, false);
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
        return getMessage() != null && getMessage().startsWith(MISCONFIGURED);
    }

    static final String MISCONFIGURED = "Cloud backup is misconfigured: ";

    public CloudFailure withStaleUpload(String uploadId) {
        return new CloudFailure(getMessage(), permanent, uploadId);
    }
}
