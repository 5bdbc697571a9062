package com.opscenter.platform.boundary;

import com.opscenter.platform.control.Permits;
import com.opscenter.platform.control.WorkLimitReached;
import com.opscenter.platform.control.WorkLimits;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;

/**
 * Reads of the catalog's lists ({@code GET /api/v1/backups}, {@code GET /api/v1/audit}) wait in line for a turn
 * ({@link WorkLimits#awaitCatalogRead}). A servlet filter rather than a JAX-RS one, so the turn also covers
 * writing the answer, a fifth of a page's work. A caller whose turn does not come in time gets 503 with
 * Retry-After and the usual {@code {"detail": "..."}}.
 */
@WebFilter(
        filterName = "CatalogReadQueue",
        urlPatterns = {"/api/v1/backups", "/api/v1/audit"},
        asyncSupported = true)
public class CatalogReadQueue extends HttpFilter {

    @Inject
    WorkLimits limits;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"GET".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        final Permits.Permit turn;
        try {
            turn = limits.awaitCatalogRead();
        } catch (WorkLimitReached busy) {
            refuse(response, busy);
            return;
        }
        try (turn) {
            chain.doFilter(request, response);
        }
    }

    private static void refuse(HttpServletResponse response, WorkLimitReached busy) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        DomainExceptionMapper.retryAfter(busy)
                .ifPresent(seconds -> response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        ErrorPage.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, busy.getMessage());
    }
}
