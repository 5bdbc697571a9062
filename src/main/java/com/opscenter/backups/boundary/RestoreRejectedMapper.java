package com.opscenter.backups.boundary;

import com.opscenter.archive.InsufficientSpaceException;
import com.opscenter.archive.RestoreRejectedException;
import com.opscenter.platform.boundary.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * An archive the restorer refuses (an entry escaping the destination, a device, a bomb...) is not a server
 * error: the request was fine, the stored data is not. 422 says so, with the entry and the reason; a restore
 * that does not fit the destination's file system is 507.
 */
@Provider
public class RestoreRejectedMapper implements ExceptionMapper<RestoreRejectedException> {

    @Override
    public Response toResponse(RestoreRejectedException exception) {
        // No room for what the archive expands to is the server's storage, not the archive: 507.
        return Response.status(exception instanceof InsufficientSpaceException ? 507 : 422)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse("Restore refused, nothing was written: " + exception.getMessage()))
                .build();
    }
}
