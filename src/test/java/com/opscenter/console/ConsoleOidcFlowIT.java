package com.opscenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.OidcProvider;
import com.opscenter.it.Server;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The console's sign-in on itPostgres2, done by hand as the page does it (console/js/oidc.js), without a browser:
 * the server names the provider's public client; the provider's users log in at its form and the client gets a
 * code only with a PKCE challenge, and a token for the code only with the matching verifier, from the console's
 * origin (CORS); the API takes that token with the user's roles. ConsoleOidcIT does the same in a browser.
 */
@ResourceLock(Locks.POSTGRES)
class ConsoleOidcFlowIT {

    static final Server SERVER = Server.POSTGRES_2;
    static final String CONSOLE = "https://localhost:" + SERVER.httpsPort() + "/console/";
    static final String CONSOLE_ORIGIN = "https://localhost:" + SERVER.httpsPort();
    static final String PROVIDER_ORIGIN = "https://localhost:" + OidcProvider.HTTPS_PORT;

    /** A browser of one user: its own cookies at the provider, redirects looked at one by one. */
    static HttpClient browser() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(Api.trustAll())
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(HttpClient client, String url) {
        return send(
                client,
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build());
    }

    static HttpResponse<String> postForm(HttpClient client, String url, Map<String, String> form, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(
                client,
                builder.POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String location(HttpResponse<String> response) {
        assertThat(response.statusCode())
                .as(response.uri() + " " + response.body())
                .isEqualTo(302);
        var location = response.headers().firstValue("Location").orElseThrow();
        return response.uri().resolve(location).toString();
    }

    static Map<String, String> query(String url) {
        var result = new LinkedHashMap<String, String>();
        var raw = URI.create(url).getRawQuery();
        if (raw != null) {
            for (var pair : raw.split("&")) {
                var parts = pair.split("=", 2);
                result.put(
                        URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return result;
    }

    static String randomText() {
        var bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The console's authorization request, as oidc.js builds it from the server's config answer. */
    static String authorizationUrl(String authorizationEndpoint, String state, String challenge) {
        var params = new LinkedHashMap<String, String>();
        params.put("response_type", "code");
        params.put("client_id", OidcProvider.CONSOLE_CLIENT_ID);
        params.put("redirect_uri", CONSOLE);
        params.put("scope", "openid");
        params.put("state", state);
        if (challenge != null) {
            params.put("code_challenge", challenge);
            params.put("code_challenge_method", "S256");
        }
        return authorizationEndpoint + "?" + encode(params);
    }

    /**
     * Logs a user in at the provider's form for an authorization request and follows the redirects back to the
     * console: the URL the browser ends on.
     */
    static String logInAndReturn(HttpClient browser, String authorizationUrl, String user) {
        var login = location(get(browser, authorizationUrl));
        assertThat(login).as("the provider asks its user to log in").startsWith(PROVIDER_ORIGIN);
        var form = get(browser, login);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("j_username", "j_password", "j_security_check");
        var back = location(postForm(
                browser,
                URI.create(login).resolve("j_security_check").toString(),
                Map.of("j_username", user, "j_password", OidcProvider.password(user))));
        assertThat(back).as("after the login, the authorization request again").startsWith(authorizationUrl);
        return location(get(browser, back));
    }

    /** The exchange, as the page sends it: a form, the console's Origin, no secret and no cookies. */
    static HttpResponse<String> exchange(String code, String verifier) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", CONSOLE);
        form.put("client_id", OidcProvider.CONSOLE_CLIENT_ID);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return postForm(
                browser(), OidcProvider.tokenEndpoint(), form, "Origin", CONSOLE_ORIGIN, "Accept", "application/json");
    }

    static String consoleToken(String user) {
        var config = Api.anonymous(SERVER).get("/api/v1/console/config").json();
        var state = randomText();
        var verifier = randomText();
        var returned = logInAndReturn(
                browser(),
                authorizationUrl(config.at("/oidc/authorization_endpoint").asText(), state, challenge(verifier)),
                user);
        assertThat(returned).startsWith(CONSOLE + "?");
        var answer = query(returned);
        assertThat(answer).containsEntry("state", state).containsKey("code");
        var exchanged = exchange(answer.get("code"), verifier);
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        assertThat(exchanged.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(CONSOLE_ORIGIN);
        return Api.read(exchanged.body()).get("access_token").asText();
    }

    @Test
    void configNamesTheProvidersPublicClientWithoutAToken() {
        var response = Api.anonymous(SERVER).get("/api/v1/console/config");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var config = response.json();
        assertThat(config.get("sign_in").asText()).isEqualTo("oidc");
        assertThat(config.at("/oidc/authorization_endpoint").asText()).isEqualTo(OidcProvider.authorizationEndpoint());
        assertThat(config.at("/oidc/token_endpoint").asText()).isEqualTo(OidcProvider.tokenEndpoint());
        assertThat(config.at("/oidc/client_id").asText()).isEqualTo(OidcProvider.CONSOLE_CLIENT_ID);
        assertThat(config.at("/oidc/scope").asText()).isEqualTo("openid");
        assertThat(config.has("detail")).isFalse();
        assertThat(response.body()).doesNotContainIgnoringCase("secret");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theEmbeddedDefaultSignsInWithPasswordsThroughItsDevelopmentIssuer() {
        var response = Api.anonymous(Server.EMBEDDED).get("/api/v1/console/config");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("sign_in").asText()).isEqualTo("password");
        assertThat(response.json().has("oidc")).isFalse();
    }

    @Test
    void aServerWithNeitherSaysWhyItCannotSignIn() {
        // itPostgres: PostgreSQL (no development issuer) and no console client configured.
        var response = Api.anonymous(Server.POSTGRES).get("/api/v1/console/config");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("sign_in").asText()).isEqualTo("none");
        assertThat(response.json().get("detail").asText()).contains("CONSOLE_OIDC_CLIENT_ID");
    }

    @Test
    void anAdminSignsInWithCodeAndPkceAndTheApiTakesTheToken() throws Exception {
        var token = consoleToken("admin");
        var claims = OidcProvider.claims(token);
        assertThat(claims.getStringListClaim("groups")).contains("admin").doesNotContain("moderator");
        var audit = Api.withAuthorization("Bearer " + token, SERVER).get("/api/v1/audit");
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
    }

    @Test
    void aModeratorsConsoleTokenReadsButIsRefusedAdminWork() {
        var token = consoleToken("moderator");
        var api = Api.withAuthorization("Bearer " + token, SERVER);
        var read = api.get("/api/v1/storage/info");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        var audit = api.get("/api/v1/audit");
        assertThat(audit.status()).as(audit.toString()).isEqualTo(403);
    }

    @Test
    void theProviderGivesTheConsoleNoCodeWithoutAChallengeAndNoTokenWithoutTheVerifier() {
        var browser = browser();
        var state = randomText();
        var noChallenge =
                logInAndReturn(browser, authorizationUrl(OidcProvider.authorizationEndpoint(), state, null), "admin");
        assertThat(query(noChallenge)).containsEntry("error", "invalid_request").doesNotContainKey("code");

        var verifier = randomText();
        var returned = location(
                get(browser, authorizationUrl(OidcProvider.authorizationEndpoint(), state, challenge(verifier))));
        var code = query(returned).get("code");
        assertThat(code).isNotBlank();
        var without = exchange(code, null);
        assertThat(without.statusCode()).as(without.body()).isEqualTo(400);
        assertThat(without.body()).doesNotContain("access_token");
        var wrong = exchange(code, randomText());
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.body()).doesNotContain("access_token");
    }

    @Test
    void theTokenEndpointAnswersTheConsolesOriginOnly() {
        for (var origin : new String[] {CONSOLE_ORIGIN, "https://elsewhere.example"}) {
            var preflight = send(
                    browser(),
                    HttpRequest.newBuilder(URI.create(OidcProvider.tokenEndpoint()))
                            .timeout(Duration.ofSeconds(30))
                            .header("Origin", origin)
                            .header("Access-Control-Request-Method", "POST")
                            .header("Access-Control-Request-Headers", "content-type")
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .build());
            var allowed = preflight.headers().firstValue("Access-Control-Allow-Origin");
            if (origin.equals(CONSOLE_ORIGIN)) {
                assertThat(allowed).as(origin).hasValue(CONSOLE_ORIGIN);
            } else {
                assertThat(allowed).as(origin).isEmpty();
            }
        }
    }
}
