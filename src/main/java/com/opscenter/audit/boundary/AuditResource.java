package com.opscenter.audit.boundary;

import com.opscenter.audit.control.AuditLog;
import com.opscenter.audit.control.AuditQuery;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "audit", description = "Who did what and when, with the outcome")
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@ApplicationScoped
public class AuditResource {

    /** A huge limit is capped rather than refused: a client asking for "everything" gets the most we serve. */
    static final int MAX_LIMIT = 500;

    @Inject
    AuditLog auditLog;

    @Operation(summary = "Search the audit trail, newest first")
    @GET
    public AuditPage list(
            @QueryParam("action") String action,
            @QueryParam("actor") String actor,
            @QueryParam("outcome") String outcome,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("offset") @DefaultValue("0") @Min(value = 0, message = "offset must be 0 or more") int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "limit must be at least 1") int limit) {
        var capped = Math.min(limit, MAX_LIMIT);
        var page = auditLog.find(new AuditQuery(
                action, actor, outcome(outcome), instant("from", from), instant("to", to), offset, capped));
        return new AuditPage(
                page.total(),
                offset,
                capped,
                page.entries().stream().map(AuditEntryResponse::of).toList());
    }

    private static AuditOutcome outcome(String value) {
        if (value == null) {
            return null;
        }
        try {
            return AuditOutcome.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("outcome must be one of success, failure, denied");
        }
    }

    private static Instant instant(String name, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 instant such as 2025-10-23T02:00:00Z");
        }
    }
}
