package com.opscenter.platform.boundary;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line: malformed JSON becomes 400; anything else is logged with a reference the client also gets, so
 * an operator can find it, while the client never sees a stack trace.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        if (isMalformedBody(exception)) {
            return json(Response.Status.BAD_REQUEST, "Malformed JSON request body: " + describe(exception));
        }
        var reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error, reference " + reference, exception);
        return json(Response.Status.INTERNAL_SERVER_ERROR, "Internal error (reference " + reference + ")");
    }

    private static boolean isMalformedBody(Throwable exception) {
        for (var cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonbException
                    || cause instanceof jakarta.json.JsonException
                    || (cause instanceof ProcessingException && cause.getCause() != null)) {
                return true;
            }
        }
        return false;
    }

    /** The messages along the cause chain, which name the field and what was wrong with it. */
    private static String describe(Throwable exception) {
        var parts = new java.util.LinkedHashSet<String>();
        for (var cause = exception; cause != null; cause = cause.getCause()) {
            var message = cause.getMessage();
            if (message != null && !message.isBlank() && !message.startsWith("RESTEASY")) {
                // Parser messages can be long and name internal classes; the first line is what a client needs.
                parts.add(message.lines().findFirst().orElse(message).trim());
            }
        }
        var text = parts.isEmpty() ? "cannot be read" : String.join(": ", parts);
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    private static Response json(Response.Status status, String detail) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(detail))
                .build();
    }
}
