package com.opscenter.cloud.boundary;

import com.opscenter.cloud.control.CloudDisabledException;
import com.opscenter.platform.boundary.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The spec's "Cloud backups are not enabled", as a 409: the request is fine, the server is not set up for it. */
@Provider
public class CloudDisabledMapper implements ExceptionMapper<CloudDisabledException> {

    @Override
    public Response toResponse(CloudDisabledException exception) {
        return Response.status(Response.Status.CONFLICT)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(exception.getMessage()))
                .build();
    }
}
