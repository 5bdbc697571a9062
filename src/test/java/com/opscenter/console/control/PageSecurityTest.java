package com.opscenter.console.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageSecurityTest {

    private static final OidcClient PROVIDER = new OidcClient(
            "https://idp.example.com/realms/ops/protocol/openid-connect/auth?kc_idp_hint=x",
            "https://SSO.example.com:8443/realms/ops/protocol/openid-connect/token",
            "ops-center-console",
            "openid");

    @Test
    void passwordSignInTalksToThisServerOnly() {
        var csp = PageSecurity.contentSecurityPolicy(SignIn.decide(true, PROVIDER));
        assertThat(csp)
                .isEqualTo("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                        + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self';"
                        + " object-src 'none'");
    }

    @Test
    void oidcSignInAddsTheProviderOriginsOnly() {
        var csp = PageSecurity.contentSecurityPolicy(SignIn.decide(false, PROVIDER));
        assertThat(csp)
                .contains("connect-src 'self' https://sso.example.com:8443 https://idp.example.com;")
                .contains("form-action 'self' https://idp.example.com https://sso.example.com:8443;")
                .contains("script-src 'self';", "frame-ancestors 'none';")
                .doesNotContain("/realms", "kc_idp_hint", "unsafe");
    }

    @Test
    void oneOriginIsNamedOnce() {
        var sameHost = new OidcClient(
                "https://localhost:9448/oidc/endpoint/OP/authorize",
                "https://localhost:9448/oidc/endpoint/OP/token",
                "console",
                "openid");
        assertThat(PageSecurity.contentSecurityPolicy(SignIn.decide(false, sameHost)))
                .contains("connect-src 'self' https://localhost:9448;")
                .contains("form-action 'self' https://localhost:9448;");
    }

    @Test
    void noSignInMeansNoProviderInThePolicy() {
        var broken = new OidcClient("https://idp.example.com/auth", "not a url", "console", "openid");
        assertThat(PageSecurity.contentSecurityPolicy(SignIn.decide(false, broken)))
                .contains("connect-src 'self';")
                .doesNotContain("idp.example.com");
    }

    @Test
    void theOtherHeaders() {
        var headers = PageSecurity.headers(SignIn.decide(true, PROVIDER));
        assertThat(headers)
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("X-Frame-Options", "DENY")
                .containsKey("Content-Security-Policy");
    }
}
