package com.opscenter.console.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignInTest {

    private static final OidcClient PROVIDER = new OidcClient(
            "https://idp.example.com/realms/ops/protocol/openid-connect/auth",
            "https://sso.example.com:8443/realms/ops/protocol/openid-connect/token",
            "ops-center-console",
            "");

    @Test
    void developmentIssuerWinsOverAConfiguredProvider() {
        var signIn = SignIn.decide(true, PROVIDER);
        assertThat(signIn.mode()).isEqualTo(SignIn.Mode.PASSWORD);
        assertThat(signIn.oidc()).isNull();
        assertThat(signIn.detail()).isNull();
    }

    @Test
    void providerWhenTheDevelopmentIssuerIsOff() {
        var signIn = SignIn.decide(false, PROVIDER);
        assertThat(signIn.mode()).isEqualTo(SignIn.Mode.OIDC);
        assertThat(signIn.oidc().clientId()).isEqualTo("ops-center-console");
        assertThat(signIn.oidc().scope()).as("the default when blank").isEqualTo("openid");
        assertThat(signIn.detail()).isNull();
    }

    @Test
    void noneWithTheSettingsToSetWhenNothingIsConfigured() {
        var signIn = SignIn.decide(false, new OidcClient(null, " ", "", "openid"));
        assertThat(signIn.mode()).isEqualTo(SignIn.Mode.NONE);
        assertThat(signIn.oidc()).isNull();
        assertThat(signIn.detail())
                .contains(
                        "CONSOLE_OIDC_CLIENT_ID", "CONSOLE_OIDC_AUTHORIZATION_ENDPOINT", "CONSOLE_OIDC_TOKEN_ENDPOINT");
    }

    @Test
    void noneNamingTheMissingSettingWhenHalfConfigured() {
        var signIn = SignIn.decide(false, new OidcClient(PROVIDER.authorizationEndpoint(), "", "console", ""));
        assertThat(signIn.mode()).isEqualTo(SignIn.Mode.NONE);
        assertThat(signIn.detail()).endsWith("CONSOLE_OIDC_TOKEN_ENDPOINT is not set");
    }

    @Test
    void plainHttpEndpointsOnlyOnLoopback() {
        var remote = new OidcClient("http://idp.example.com/auth", PROVIDER.tokenEndpoint(), "console", "");
        assertThat(SignIn.decide(false, remote).detail())
                .contains("CONSOLE_OIDC_AUTHORIZATION_ENDPOINT is not an https URL");
        var local = new OidcClient("http://127.0.0.1:8080/auth", "http://localhost:8080/token", "console", "");
        assertThat(SignIn.decide(false, local).mode()).isEqualTo(SignIn.Mode.OIDC);
        var lookalike = new OidcClient("http://127.0.0.1.example.com/auth", "http://localhost/token", "console", "");
        assertThat(SignIn.decide(false, lookalike).mode()).isEqualTo(SignIn.Mode.NONE);
    }

    @Test
    void endpointsThatAreNoAbsoluteUrlAreRefused() {
        for (var bad : new String[] {
            "/oidc/token", "idp.example.com/token", "https://user:pw@idp.example.com/token", "ftp://idp.example.com/t"
        }) {
            var client = new OidcClient(PROVIDER.authorizationEndpoint(), bad, "console", "");
            assertThat(SignIn.decide(false, client).mode()).as(bad).isEqualTo(SignIn.Mode.NONE);
        }
    }

    @Test
    void scopeMustAskForOpenidAndClientIdMustBeOneToken() {
        var noOpenid =
                new OidcClient(PROVIDER.authorizationEndpoint(), PROVIDER.tokenEndpoint(), "console", "profile email");
        assertThat(SignIn.decide(false, noOpenid).detail()).contains("CONSOLE_OIDC_SCOPE lacks openid");
        var spaced = new OidcClient(PROVIDER.authorizationEndpoint(), PROVIDER.tokenEndpoint(), "a b", "openid");
        assertThat(SignIn.decide(false, spaced).mode()).isEqualTo(SignIn.Mode.NONE);
        var more =
                new OidcClient(PROVIDER.authorizationEndpoint(), PROVIDER.tokenEndpoint(), "console", "openid profile");
        assertThat(SignIn.decide(false, more).oidc().scope()).isEqualTo("openid profile");
    }
}
