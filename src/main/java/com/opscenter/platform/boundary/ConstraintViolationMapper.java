package com.opscenter.platform.boundary;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;

/** Bean Validation failures on requests become 400 with each broken rule named. */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        var detail = exception.getConstraintViolations().stream()
                .map(ConstraintViolationMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(detail.isEmpty() ? "Invalid request" : detail))
                .build();
    }

    private static String describe(ConstraintViolation<?> violation) {
        var path = violation.getPropertyPath().toString();
        // Method parameters show up as "method.arg0.field": keep only the field the client sent.
        var lastDot = path.lastIndexOf('.');
        var field = lastDot >= 0 ? path.substring(lastDot + 1) : path;
        return field.isEmpty() || field.startsWith("arg")
                ? violation.getMessage()
                : field + ": " + violation.getMessage();
    }
}
