package com.opscenter.cloud.boundary;

import com.opscenter.cloud.control.CloudFailure;
import com.opscenter.platform.boundary.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The S3 server refused or could not be reached: 502, since the fault is upstream, not in the request. A
 * configuration that cannot work at all answers 503 until it is fixed. The text is already free of secrets.
 */
@Provider
public class CloudFailureMapper implements ExceptionMapper<CloudFailure> {

    @Override
    public Response toResponse(CloudFailure failure) {
        return Response.status(failure.misconfigured() ? 503 : 502)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(failure.getMessage()))
                .build();
    }
}
