package com.opscenter.backups.boundary;

import com.opscenter.archive.RestoreRejectedException;
import com.opscenter.platform.boundary.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * An archive the restorer refuses (an entry escaping the destination, a device, a bomb...) is not a server
 * error: the request was fine, the stored data is not. 422 says so, with the entry and the reason.
 */
@Provider
public class RestoreRejectedMapper implements ExceptionMapper<RestoreRejectedException> {

    @Override
    public Response toResponse(RestoreRejectedException exception) {
        return Response.status(422)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse("Restore refused, nothing was written: " + exception.getMessage()))
                .build();
    }
}
