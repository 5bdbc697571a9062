package com.opscenter.platform.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** NotFound, BadRequest, Conflict and friends keep their status and say why in the spec's error shape. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        var original = exception.getResponse();
        var status = original.getStatus();
        if (status == 404 && exception.getCause() != null) {
            // JAX-RS answers 404 when a query or path parameter cannot be converted; to a client that is bad input.
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorResponse("Invalid parameter: " + ErrorDetails.of(exception.getCause(), 400)))
                    .build();
        }
        var builder = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(ErrorDetails.of(exception, status)));
        // Keep headers that matter to clients, such as Allow on 405 or WWW-Authenticate on 401.
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }
}
