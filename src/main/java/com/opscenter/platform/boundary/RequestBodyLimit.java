package com.opscenter.platform.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Request bodies of this API are small JSON objects: a body that announces more than {@link #MAX_BODY_BYTES} is
 * answered 413 before anything reads it. A body without a length (chunked) is cut at the same size where it is
 * read ({@link StrictRequestBodies}).
 */
@Provider
@PreMatching
public class RequestBodyLimit implements ContainerRequestFilter {

    public static final int MAX_BODY_BYTES = 1 << 20;

    @Override
    public void filter(ContainerRequestContext request) {
        var length = request.getLength();
        if (length > MAX_BODY_BYTES) {
            request.abortWith(tooLarge());
        }
    }

    static Response tooLarge() {
        return Response.status(413)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse("The request body is larger than " + MAX_BODY_BYTES + " bytes"))
                .build();
    }

    static WebApplicationException tooLargeException() {
        return new WebApplicationException("The request body is larger than " + MAX_BODY_BYTES + " bytes", 413);
    }
}
