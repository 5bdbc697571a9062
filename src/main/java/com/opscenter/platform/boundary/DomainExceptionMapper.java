package com.opscenter.platform.boundary;

import com.opscenter.platform.control.DomainException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every domain refusal, whatever the feature, answers with its kind's status and the spec's error shape. */
@Provider
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {

    @Override
    public Response toResponse(DomainException exception) {
        var response = Response.status(status(exception.kind()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(exception));
        retryAfter(exception).ifPresent(seconds -> response.header("Retry-After", seconds));
        return response.build();
    }

    static ErrorResponse body(DomainException exception) {
        return new ErrorResponse(ErrorDetails.of(exception, status(exception.kind())));
    }

    /** Whole seconds, at least one: the form of Retry-After every client understands. */
    static java.util.Optional<Long> retryAfter(DomainException exception) {
        return exception.retryAfter().map(wait -> Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    static int status(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case INSUFFICIENT_STORAGE -> 507;
            case BAD_GATEWAY -> 502;
            case UNAVAILABLE -> 503;
            case BUSY -> 429;
        };
    }
}
