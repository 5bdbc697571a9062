package com.opscenter.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DevIssuerRuleTest {

    static final DevIssuerRule.Passwords DEFAULTS = new DevIssuerRule.Passwords("admin", "moderator", "viewer");
    static final DevIssuerRule.Passwords CHANGED =
            new DevIssuerRule.Passwords("a-Long-one", "m-Long-one", "v-Long-one");

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"})
    void loopbackWithTheDefaultsKeepsTheIssuerAsTheReadmeHasIt(String host) {
        var rule = new DevIssuerRule(host, "embedded", false, DEFAULTS);
        assertThat(rule.allowed()).isTrue();
        assertThat(rule.reasonRefused()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "0.0.0.0", "::", "192.168.1.10", "ops.example.com", "localhost.example.com", ""})
    void openToTheNetworkTheIssuerIsOff(String host) {
        var rule = new DevIssuerRule(host, "embedded", false, CHANGED);
        assertThat(rule.allowed()).isFalse();
        assertThat(rule.reasonRefused()).contains("HTTP_HOST=" + host).contains("DEV_TOKEN_ISSUER_ENABLED");
    }

    @Test
    void explicitlyEnabledStillNeedsEveryPasswordChanged() {
        var rule = new DevIssuerRule("*", "embedded", true, new DevIssuerRule.Passwords("s3cret-a", "moderator", ""));
        assertThat(rule.allowed()).isFalse();
        assertThat(rule.reasonRefused())
                .contains("DEV_MODERATOR_PASSWORD")
                .contains("DEV_VIEWER_PASSWORD")
                .doesNotContain("DEV_ADMIN_PASSWORD");
        assertThat(new DevIssuerRule("*", "embedded", true, DEFAULTS).allowed()).isFalse();
    }

    @Test
    void explicitlyEnabledWithOwnPasswordsOpensIt() {
        assertThat(new DevIssuerRule("*", "embedded", true, CHANGED).allowed()).isTrue();
    }

    @Test
    void neverOnPostgresql() {
        for (var host : new String[] {"localhost", "*"}) {
            for (var enabled : new boolean[] {false, true}) {
                var rule = new DevIssuerRule(host, "postgresql", enabled, CHANGED);
                assertThat(rule.allowed()).as(host + " " + enabled).isFalse();
                assertThat(rule.reasonRefused()).contains("DB_KIND=postgresql");
            }
        }
        assertThat(new DevIssuerRule("localhost", " PostgreSQL ", true, CHANGED).allowed())
                .isFalse();
    }

    @Test
    void developmentIssuerIsTheBuildersUrlOnAnyHost() {
        assertThat(DevIssuerRule.developmentIssuer("https://localhost:9443/jwt/ibm/api/opsCenter"))
                .isTrue();
        assertThat(DevIssuerRule.developmentIssuer("https://ops.example.com/jwt/ibm/api/opsCenter/"))
                .isTrue();
        assertThat(DevIssuerRule.developmentIssuer("https://keycloak.example.com/realms/ops"))
                .isFalse();
        assertThat(DevIssuerRule.developmentIssuer("https://idp.example.com/jwt/ibm/api/opsCenterProd"))
                .isFalse();
        assertThat(DevIssuerRule.developmentIssuer("not a uri")).isFalse();
        assertThat(DevIssuerRule.developmentIssuer(null)).isFalse();
    }

    @Test
    void developmentTokensAreKnownByTheBuildersAudienceWhateverTheirIssuer() {
        assertThat(DevIssuerRule.developmentToken(
                        "https://issuer.example", java.util.Set.of("ops-center", DevIssuerRule.MARKER_AUDIENCE)))
                .isTrue();
        assertThat(DevIssuerRule.developmentToken("https://issuer.example", java.util.Set.of("ops-center")))
                .isFalse();
        assertThat(DevIssuerRule.developmentToken("https://localhost:9443/jwt/ibm/api/opsCenter", null))
                .isTrue();
    }

    @Test
    void theBuilderAddsTheMarkerAudience() throws Exception {
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("liberty/dev-token-issuer.xml")))
                .contains("audiences=\"${jwt.audience}, " + DevIssuerRule.MARKER_AUDIENCE + "\"");
    }
}
