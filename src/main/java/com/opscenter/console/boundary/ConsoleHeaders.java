package com.opscenter.console.boundary;

import com.opscenter.console.control.ConsoleSignIn;
import com.opscenter.console.control.PageSecurity;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The security headers of the console (see {@link PageSecurity}) on every answer under {@code /console/} and on
 * {@code /}, set before the page is written so that errors carry them too. Mapped on everything and narrowed here:
 * a filter mapping of {@code /} is the default servlet's, not the root's. Being in front of the API too, it must
 * allow asynchronous requests: verify, contents and restore suspend theirs, and one filter without it makes the
 * container refuse them all (SRVE8503E).
 */
@WebFilter(filterName = "ConsoleHeaders", urlPatterns = "/*", asyncSupported = true)
public class ConsoleHeaders extends HttpFilter {

    @Inject
    ConsoleSignIn signIn;

    private volatile Map<String, String> headers;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (consolePath(pathInApplication(request))) {
            var set = headers;
            if (set == null) {
                set = PageSecurity.headers(signIn.signIn());
                headers = set;
            }
            set.forEach(response::setHeader);
        }
        chain.doFilter(request, response);
    }

    private static String pathInApplication(HttpServletRequest request) {
        var uri = request.getRequestURI();
        var context = request.getContextPath();
        return uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** The console's pages and assets and the root, which leads to them; the API sets its own headers. */
    static boolean consolePath(String path) {
        return path.isEmpty() || path.equals("/") || path.equals("/console") || path.startsWith("/console/");
    }
}
