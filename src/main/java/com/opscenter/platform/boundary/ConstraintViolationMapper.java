package com.opscenter.platform.boundary;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Collection;
import java.util.stream.Collectors;

/** Bean Validation failures on requests become 400 with each broken rule named. */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(detail(exception.getConstraintViolations())))
                .build();
    }

    static String detail(Collection<? extends ConstraintViolation<?>> violations) {
        var detail = violations.stream()
                .map(ConstraintViolationMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return detail.isEmpty() ? "Invalid request" : detail;
    }

    static String describe(ConstraintViolation<?> violation) {
        var field = field(violation.getPropertyPath());
        return field.isEmpty() ? violation.getMessage() : field + ": " + violation.getMessage();
    }

    /**
     * The field as the client sent it: {@code updateConfig.arg0.retentionDays} is {@code retention_days}, an entry
     * of a list {@code include_paths[2]}. The resource method and its parameter are not the client's names.
     */
    static String field(Path path) {
        var field = new StringBuilder();
        for (var node : path) {
            // A node inside a list carries the index of its place in the list before it.
            if (node.isInIterable() && node.getIndex() != null && !field.isEmpty()) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                field.append(field.isEmpty() ? "" : ".").append(WireFormat.wireName(node.getName()));
            }
        }
        return field.toString();
    }
}
