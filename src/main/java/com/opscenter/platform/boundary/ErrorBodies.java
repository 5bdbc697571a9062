package com.opscenter.platform.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives error responses that the container produced without a body (such as 401 from token checks) the same
 * {@code {"detail": "..."}} shape as every other error.
 */
@Provider
public class ErrorBodies implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && !response.hasEntity()) {
            response.setEntity(
                    new ErrorResponse(ErrorDetails.defaultFor(response.getStatus())),
                    null,
                    MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
