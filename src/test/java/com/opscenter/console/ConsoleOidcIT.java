package com.opscenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Api;
import com.opscenter.it.Browser;
import com.opscenter.it.Locks;
import com.opscenter.it.OidcProvider;
import com.opscenter.it.Server;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console of itPostgres2 in a real browser, signing in as production does: at the OpenID Connect provider the
 * build starts (its login form), authorization code with PKCE, the code exchanged by the page itself under the
 * page's Content-Security-Policy. ConsoleOidcFlowIT shows the same steps over plain HTTP, and what the provider
 * refuses.
 */
@ResourceLock(Locks.POSTGRES)
class ConsoleOidcIT {

    static final Server SERVER = Server.POSTGRES_2;
    static final String CONSOLE = "https://localhost:" + SERVER.httpsPort() + "/console/";
    static final String PROVIDER_ORIGIN = "https://localhost:" + OidcProvider.HTTPS_PORT;

    /**
     * Every page this browser opens records the Content-Security-Policy violations it meets, so a test can show
     * that the console works within its own policy (a blocked script or fetch would otherwise only be missing).
     */
    static Browser open() {
        var browser = Browser.open(SERVER);
        ((ChromeDriver) browser.driver())
                .executeCdpCommand(
                        "Page.addScriptToEvaluateOnNewDocument",
                        Map.of(
                                "source",
                                "window.__cspViolations = [];"
                                        + " document.addEventListener('securitypolicyviolation', e =>"
                                        + " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"));
        return browser;
    }

    /** From the console's sign-in page through the provider's login form, back to the console. */
    static void signInAtProvider(Browser browser, String user) {
        browser.get("/");
        browser.click("sign-in-oidc");
        var name = browser.find(By.name("j_username"));
        assertThat(browser.driver().getCurrentUrl())
                .as("the provider's own login page")
                .startsWith(PROVIDER_ORIGIN + "/oidc/");
        name.sendKeys(user);
        browser.find(By.name("j_password")).sendKeys(OidcProvider.password(user));
        browser.click(By.name("submitButton"));
    }

    @SuppressWarnings("unchecked")
    static List<String> cspViolations(Browser browser) {
        return (List<String>) browser.js("return window.__cspViolations || ['no recorder on this page'];");
    }

    @Test
    void openingTheConsoleLeadsToTheProvidersLogin() {
        try (var browser = open()) {
            browser.get("/");
            browser.find("sign-in-oidc");
            assertThat(browser.all("sign-in-form").stream().filter(e -> e.isDisplayed()))
                    .as("no password form: this server has no development issuer")
                    .isEmpty();
            browser.click("sign-in-oidc");
            browser.find(By.name("j_username"));
            var url = browser.driver().getCurrentUrl();
            assertThat(url).startsWith(PROVIDER_ORIGIN + "/oidc/");
            browser.screenshot("oidc-provider-login");
        }
    }

    @Test
    void aProviderAdminLandsSignedInOnTheStoragePageWithAdminControls() {
        try (var browser = open()) {
            signInAtProvider(browser, "admin");
            assertThat(browser.waitForText("user-name", "admin")).isEqualTo("admin");
            browser.find("disk-usage");
            browser.find("cleanup");
            var url = browser.driver().getCurrentUrl();
            assertThat(url)
                    .as("the code is gone from the address bar")
                    .startsWith(CONSOLE)
                    .doesNotContain("code=");
            assertThat(url).doesNotContain("state=");
            assertThat(browser.js("return sessionStorage.getItem('opsCenter.oidc.pending');"))
                    .as("the verifier is used once and dropped")
                    .isNull();
            assertThat(browser.js("return localStorage.length;")).isEqualTo(0L);
            assertThat((String) browser.js("return document.cookie;")).doesNotContain("eyJ");
            assertThat(cspViolations(browser)).isEmpty();
            browser.screenshot("oidc-storage-admin");
        }
    }

    @Test
    void aProviderModeratorSeesNoAdminControls() {
        try (var browser = open()) {
            signInAtProvider(browser, "moderator");
            browser.waitForText("user-name", "moderator");
            browser.find("disk-usage");
            assertThat(browser.all("cleanup"))
                    .as("the admin-only cleanup panel")
                    .isEmpty();
            assertThat(browser.find("user-role").getText()).contains("read-only");
            assertThat(cspViolations(browser)).isEmpty();
            browser.screenshot("oidc-storage-moderator");
        }
    }

    @Test
    void theConsoleIsServedWithItsSecurityHeaders() {
        for (var url : List.of(CONSOLE, CONSOLE + "js/oidc.js", "https://localhost:" + SERVER.httpsPort() + "/")) {
            var response = Api.get(url, "Accept", "*/*");
            assertThat(response.status()).as(url).isIn(200, 302);
            var csp = response.header("Content-Security-Policy");
            assertThat(csp)
                    .as(url)
                    .contains("default-src 'self';", "script-src 'self';", "style-src 'self';")
                    .contains("frame-ancestors 'none';", "base-uri 'none';")
                    .contains("connect-src 'self' " + PROVIDER_ORIGIN + ";")
                    .contains("form-action 'self' " + PROVIDER_ORIGIN + ";")
                    .doesNotContain("unsafe");
            assertThat(response.header("X-Content-Type-Options")).as(url).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).as(url).isEqualTo("no-referrer");
        }
        var api = Api.anonymous(SERVER).get("/api/v1/console/config");
        assertThat(api.header("Content-Security-Policy"))
                .as("the API keeps its own headers")
                .isNull();
    }

    @Test
    void thePageHoldsNoSecret() {
        for (var url : List.of(
                CONSOLE,
                CONSOLE + "js/oidc.js",
                CONSOLE + "js/auth.js",
                "https://localhost:" + SERVER.httpsPort() + "/api/v1/console/config")) {
            var response = Api.get(url, "Accept", "*/*");
            assertThat(response.status()).as(url).isEqualTo(200);
            assertThat(response.body()).as(url).doesNotContainIgnoringCase("secret");
        }
        var script = Api.get(CONSOLE + "js/oidc.js", "Accept", "*/*").body();
        assertThat(script).contains("code_verifier", "code_challenge_method", "S256");
    }

    @Test
    void aServerWithNoSignInConfiguredSaysWhatToSetInsteadOfOfferingAForm() {
        // Under this class's POSTGRES lock, as a test may restart itPostgres. It has neither the development issuer nor
        // CONSOLE_OIDC_*: /api/v1/console/config says "none".
        try (var browser = Browser.open(Server.POSTGRES)) {
            browser.console("storage");

            assertThat(browser.find("sign-in-message").getText()).contains("CONSOLE_OIDC_CLIENT_ID");
            assertThat(browser.all("sign-in-form").get(0).isDisplayed()).isFalse();
            assertThat(browser.all("sign-in-oidc").stream().noneMatch(e -> e.isDisplayed()))
                    .isTrue();
        }
    }
}
