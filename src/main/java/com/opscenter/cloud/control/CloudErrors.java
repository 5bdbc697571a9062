package com.opscenter.cloud.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what the SDK throws into a {@link CloudFailure} an operator can act on. Every text passes through
 * {@link #redact}, so neither key can reach a response, a log line or the audit trail.
 */
final class CloudErrors {

    private final String endpoint;
    private final String bucket;
    private final List<String> secrets;

    /** The prefix of the target's variables (CLOUD_BACKUP_, CLOUD_BACKUP_OFFSITE_): messages name the right ones. */
    private final String variables;

    CloudErrors(String endpoint, String bucket, List<String> secrets) {
        this(
                endpoint,
                bucket,
                secrets,
                CloudTargetConfig.variables(com.opscenter.cloud.entity.CloudCopy.DEFAULT_TARGET));
    }

    CloudErrors(String endpoint, String bucket, List<String> secrets, String variables) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.secrets = List.copyOf(secrets);
        this.variables = variables;
    }

    CloudFailure translate(String doing, Exception e) {
        if (e instanceof CloudFailure failure) {
            return failure;
        }
        if (e instanceof S3Exception s3) {
            var code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            var status = s3.statusCode();
            if (status == 403
                    || "InvalidAccessKeyId".equals(code)
                    || "SignatureDoesNotMatch".equals(code)
                    || "AccessDenied".equals(code)) {
                return new CloudFailure(
                        redact(doing + ": the S3 server refused the credentials or the permission ("
                                + (code == null ? "HTTP " + status : code) + "); check " + variables + "ACCESS_KEY, "
                                + variables + "SECRET_KEY and the key's rights on bucket " + bucket),
                        true);
            }
            if ("NoSuchBucket".equals(code)) {
                return new CloudFailure(
                        doing + ": bucket " + bucket + " does not exist at " + where() + " (" + variables + "BUCKET)",
                        true);
            }
            if ("InvalidBucketName".equals(code)) {
                return new CloudFailure(doing + ": the S3 server calls '" + bucket + "' an invalid bucket name", true);
            }
            return new CloudFailure(
                    redact(doing + ": the S3 server answered HTTP " + status + (code == null ? "" : " " + code)),
                    status < 500 && status != 429 && status != 408);
        }
        if (e instanceof SdkClientException client) {
            var cause = rootCause(client);
            if (cause instanceof UnknownHostException) {
                return new CloudFailure(
                        doing + ": the S3 endpoint " + where() + " cannot be resolved (" + cause.getMessage() + ")",
                        false);
            }
            if (cause instanceof ConnectException) {
                return new CloudFailure(
                        doing + ": the S3 endpoint " + where() + " is unreachable (" + cause.getMessage() + ")", false);
            }
            if (cause instanceof SocketTimeoutException) {
                return new CloudFailure(doing + ": the S3 endpoint " + where() + " did not answer in time", false);
            }
            if (cause instanceof IOException io) {
                return new CloudFailure(
                        redact(doing + ": the connection to " + where() + " failed (" + inWords(io) + ")"), false);
            }
            return new CloudFailure(redact(doing + ": " + firstLine(client.getMessage())), false);
        }
        if (e instanceof SdkException sdk) {
            return new CloudFailure(redact(doing + ": " + firstLine(sdk.getMessage())), false);
        }
        if (e instanceof IOException io) {
            return new CloudFailure(redact(doing + ": " + io.getMessage()), false);
        }
        return new CloudFailure(redact(doing + ": " + inWords(e)), false);
    }

    /**
     * What went wrong, for an administrator: the message, and the kind of failure in words only when there is no
     * message (an exception's class name reads like a stack trace in an answer).
     */
    static String inWords(Throwable e) {
        var message = e.getMessage() == null ? "" : firstLine(e.getMessage()).strip();
        if (!message.isEmpty()) {
            return message;
        }
        var kind = e.getClass()
                .getSimpleName()
                .replaceAll("(Exception|Error)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
        return kind.isEmpty() ? "an unexplained failure" : kind;
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        var result = text;
        for (var secret : secrets) {
            result = result.replace(secret, "[redacted]");
        }
        return result;
    }

    private String where() {
        return endpoint == null ? "AWS S3" : endpoint;
    }

    private static Throwable rootCause(Throwable e) {
        var cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        var newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
