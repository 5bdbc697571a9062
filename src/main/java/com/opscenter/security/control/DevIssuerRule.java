package com.opscenter.security.control;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When the development token issuer (Liberty's JWT builder over the users admin, moderator and viewer) may be
 * trusted. It is for this machine only: on loopback it is on; a server open to the network honours it only when
 * DEV_TOKEN_ISSUER_ENABLED=true and every development password was changed from its default; on PostgreSQL (the
 * production shape) never.
 */
public record DevIssuerRule(String httpHost, String dbKind, boolean explicitlyEnabled, Passwords passwords) {

    /** The path of the builder's issuer URL in liberty/dev-token-issuer.xml: {@code https://host:port/jwt/ibm/api/opsCenter}. */
    public static final String ISSUER_PATH = "/jwt/ibm/api/opsCenter";

    public record Passwords(String admin, String moderator, String viewer) {

        /** Blank, or the user's own name as the committed defaults have it. */
        List<String> weak() {
            var weak = new ArrayList<String>();
            if (admin.isBlank() || admin.equals("admin")) {
                weak.add("DEV_ADMIN_PASSWORD");
            }
            if (moderator.isBlank() || moderator.equals("moderator")) {
                weak.add("DEV_MODERATOR_PASSWORD");
            }
            if (viewer.isBlank() || viewer.equals("viewer")) {
                weak.add("DEV_VIEWER_PASSWORD");
            }
            return weak;
        }
    }

    public boolean allowed() {
        return reasonRefused() == null;
    }

    /** Why development tokens are refused here, or null when they are honoured. */
    public String reasonRefused() {
        if ("postgresql".equalsIgnoreCase(dbKind.strip())) {
            return "the development token issuer is never trusted with DB_KIND=postgresql";
        }
        if (loopback(httpHost)) {
            return null;
        }
        if (!explicitlyEnabled) {
            return "the development token issuer is off because HTTP_HOST=" + httpHost
                    + " opens the server to the network (DEV_TOKEN_ISSUER_ENABLED is not true)";
        }
        var weak = passwords.weak();
        if (!weak.isEmpty()) {
            return "the development token issuer is off because HTTP_HOST=" + httpHost
                    + " opens the server to the network and " + String.join(", ", weak) + " keep their defaults";
        }
        return null;
    }

    /** Only names and addresses of this machine's loopback interface; {@code *} and {@code 0.0.0.0} are every interface. */
    public static boolean loopback(String host) {
        var h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The audience liberty/dev-token-issuer.xml adds to every token it builds, whatever JWT_ISSUER says. */
    public static final String MARKER_AUDIENCE = "ops-center-development-issuer";

    /** Whether a token came from a development issuer: it carries the builder's marker audience, or its URL as {@code iss}. */
    public static boolean developmentToken(String issuer, Set<String> audiences) {
        return (audiences != null && audiences.contains(MARKER_AUDIENCE)) || developmentIssuer(issuer);
    }

    /** Whether a token's {@code iss} names a development issuer: the JWT builder's URL on any host. */
    public static boolean developmentIssuer(String issuer) {
        if (issuer == null) {
            return false;
        }
        try {
            var path = URI.create(issuer.strip()).getPath();
            return path != null && path.replaceAll("/+$", "").equals(ISSUER_PATH);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
