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
            return json(Response.Status.BAD_REQUEST, "Malformed JSON request body: " + rootMessage(exception));
        }
        var reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error, reference " + reference, exception);
        return json(Response.Status.INTERNAL_SERVER_ERROR, "Internal error (reference " + reference + ")");
    }

    private static boolean isMalformedBody(Throwable exception) {
        for (var cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonbException || cause instanceof jakarta.json.JsonException
                    || (cause instanceof ProcessingException && cause.getCause() != null)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable exception) {
        var root = exception;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        var message = root.getMessage();
        if (message == null) {
            return "cannot be read";
        }
        // Parser messages can be long and name internal classes; the first line is what a client needs.
        var firstLine = message.lines().findFirst().orElse(message);
        return firstLine.length() > 300 ? firstLine.substring(0, 300) : firstLine;
    }

    private static Response json(Response.Status status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorResponse(detail)).build();
    }
}
