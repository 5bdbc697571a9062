package com.opscenter.audit.boundary;

import com.opscenter.audit.control.AuditEvent;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.platform.boundary.ErrorResponse;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Audits at the edge: every request that changes something, every denied request, and every method marked
 * {@link Audited}. Resources stay free of audit code; they may add a line of details through
 * {@link #DETAILS_PROPERTY}.
 */
@Provider
public class AuditedRequests implements ContainerResponseFilter {

    public static final String DETAILS_PROPERTY = "com.opscenter.audit.details";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Logger LOG = Logger.getLogger(AuditedRequests.class.getName());

    @Context
    ResourceInfo resourceInfo;

    @Context
    HttpServletRequest servletRequest;

    @Inject
    Event<AuditEvent> audit;

    /**
     * A line of details that work running off the request thread fills in later: it is attached to the request
     * now, on the request thread, and read when the suspended response is resumed.
     */
    public static Consumer<String> laterDetails(HttpServletRequest request) {
        var details = new LaterDetails();
        request.setAttribute(DETAILS_PROPERTY, details);
        return details::set;
    }

    private static final class LaterDetails {
        private volatile String text = "";

        void set(String value) {
            text = value;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var status = response.getStatus();
        var denied = status == 401 || status == 403;
        var method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        var named = method == null ? null : method.getAnnotation(Audited.class);
        if (!denied && named == null && READS.contains(request.getMethod())) {
            return;
        }
        var action = named != null ? named.value() : request.getMethod() + " " + path(request);
        var outcome = denied ? AuditOutcome.DENIED : status >= 400 ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS;
        var principal = request.getSecurityContext().getUserPrincipal();
        var actor = principal == null ? "anonymous" : principal.getName();
        var target = target(request);
        var extra = request.getProperty(DETAILS_PROPERTY);
        var details = "HTTP " + status + (extra == null || extra.toString().isEmpty() ? "" : "; " + extra)
                + (response.getEntity() instanceof ErrorResponse error ? "; " + error.detail() : "");
        try {
            audit.fire(AuditEvent.of(actor, action, target, outcome, clientAddress(), details));
        } catch (RuntimeException e) {
            // The operation has already happened; a lost audit row is reported, not turned into a failed request.
            LOG.log(Level.SEVERE, "Could not write audit entry for " + action + " on " + target, e);
        }
    }

    private static String target(ContainerRequestContext request) {
        var parameters = request.getUriInfo().getPathParameters();
        if (!parameters.isEmpty()) {
            return parameters.values().iterator().next().get(0);
        }
        return path(request);
    }

    private static String path(ContainerRequestContext request) {
        var path = request.getUriInfo().getPath();
        return path.startsWith("/") ? path : "/" + path;
    }

    private String clientAddress() {
        return servletRequest == null ? null : servletRequest.getRemoteAddr();
    }
}
