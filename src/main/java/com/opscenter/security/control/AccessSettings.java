package com.opscenter.security.control;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What decides whether this server honours its development token issuer: where it listens ({@code http.host},
 * HTTP_HOST, a server.xml variable), its database ({@code db.kind}), an explicit enablement and the issuer's
 * passwords (variables of liberty/dev-token-issuer.xml, absent from the image); and the audience tokens need.
 */
@ConfigProperties
@Dependent
public class AccessSettings {

    @ConfigProperty(name = "http.host")
    Optional<String> httpHost;

    @ConfigProperty(name = "db.kind")
    Optional<String> dbKind;

    @ConfigProperty(name = "dev.token.issuer.enabled")
    boolean devIssuerEnabled;

    @ConfigProperty(name = "dev.admin.password")
    Optional<String> adminPassword;

    @ConfigProperty(name = "dev.moderator.password")
    Optional<String> moderatorPassword;

    @ConfigProperty(name = "dev.viewer.password")
    Optional<String> viewerPassword;

    /** JWT_AUDIENCE, the server.xml variable mpJwt reads its audiences from. */
    @ConfigProperty(name = "jwt.audience")
    Optional<String> audience;

    public AudienceRule audienceRule() {
        return AudienceRule.of(audience.orElse(""));
    }

    /**
     * Whether this server issues development tokens and honours them: liberty/dev-token-issuer.xml is loaded (it
     * defines dev.admin.password, which the image lacks) and the rule trusts it.
     */
    public boolean developmentIssuerOn() {
        return adminPassword.isPresent() && devIssuerRule().allowed();
    }

    public DevIssuerRule devIssuerRule() {
        return new DevIssuerRule(
                httpHost.orElse("localhost"),
                dbKind.orElse("embedded"),
                devIssuerEnabled,
                new DevIssuerRule.Passwords(
                        adminPassword.orElse(""), moderatorPassword.orElse(""), viewerPassword.orElse("")));
    }
}
