package com.opscenter.platform.boundary;

import jakarta.ws.rs.core.Response;

/** Turns an exception into a message fit for a client: never a stack trace, never an internal class name. */
final class ErrorDetails {

    private ErrorDetails() {}

    static String of(Throwable exception, int status) {
        var message = exception.getMessage();
        // The container's own wording for these says nothing useful ("Unauthorized" on a 403).
        if (status == 401
                || status == 403
                || message == null
                || message.isBlank()
                || message.startsWith("HTTP " + status)
                || message.startsWith("RESTEASY")) {
            return defaultFor(status);
        }
        return message;
    }

    static String defaultFor(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required: send a valid bearer token in the Authorization header";
            case 403 -> "Forbidden: your role does not allow this operation";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 409 -> "Conflict";
            case 415 -> "Unsupported media type: send application/json";
            default -> {
                var family = Response.Status.fromStatusCode(status);
                yield family != null ? family.getReasonPhrase() : "Error " + status;
            }
        };
    }
}
