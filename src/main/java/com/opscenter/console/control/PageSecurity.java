package com.opscenter.console.control;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The security headers of the console's pages. The page runs only its own scripts and styles, talks only to this
 * server and, when it signs in through OpenID Connect, to the provider's token endpoint; it may be framed by no
 * one, and it leaks no URL (which carries the authorization code on return) through the Referer header.
 */
public final class PageSecurity {

    private PageSecurity() {}

    public static String contentSecurityPolicy(SignIn signIn) {
        var connect = new LinkedHashSet<String>();
        var forms = new LinkedHashSet<String>();
        connect.add("'self'");
        forms.add("'self'");
        if (signIn.mode() == SignIn.Mode.OIDC) {
            // Both origins: the page fetches from the token endpoint and sends the browser to the authorization one.
            connect.add(signIn.oidc().tokenOrigin());
            connect.add(signIn.oidc().authorizationOrigin());
            forms.add(signIn.oidc().authorizationOrigin());
            forms.add(signIn.oidc().tokenOrigin());
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
                + String.join(" ", connect) + "; frame-ancestors 'none'; base-uri 'none'; form-action "
                + String.join(" ", forms) + "; object-src 'none'";
    }

    /** Every header, by name. */
    public static Map<String, String> headers(SignIn signIn) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Security-Policy", contentSecurityPolicy(signIn));
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        // Legacy browsers that ignore frame-ancestors.
        headers.put("X-Frame-Options", "DENY");
        return headers;
    }
}
