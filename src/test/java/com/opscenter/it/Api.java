package com.opscenter.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A small HTTP client for the integration tests: on itEmbedded tokens come from the server's own JWT builder,
 * exactly as the README tells a user to get them; the other servers refuse that issuer: itPostgres2 takes tokens
 * from the OpenID Connect provider ({@link OidcProvider}), the rest from {@link TestIssuer}.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .sslContext(trustAll())
            .build();

    /**
     * What a Java stack trace looks like in a body: a frame line, a fully qualified exception class, or a JSON
     * field named for one. A client must never see one.
     */
    static final Pattern STACK_TRACE = Pattern.compile(
            "(^|\\s|\\\\t|\\\\n)at [a-z][\\w$]*(\\.[\\w$<>]+)+\\((\\w+\\.java:\\d+|Unknown Source|Native Method)\\)"
                    + "|\\b(java|javax|jakarta|com|org|io|software)\\.([a-z][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error)\\b"
                    + "|\\b[A-Z][\\w$]*Exception: "
                    + "|\"(stack|stackTrace|stack_trace)\"\\s*:");

    private final Server server;
    private final String authorization;
    private final boolean serverErrorExpected;

    private Api(Server server, String authorization) {
        this(server, authorization, false);
    }

    private Api(Server server, String authorization, boolean serverErrorExpected) {
        this.server = server;
        this.authorization = authorization;
        this.serverErrorExpected = serverErrorExpected;
    }

    /**
     * The same client, for a test that declares it expects a 500 or a stack trace in an answer. Without this,
     * any such answer fails the test at once: a server error is a bug unless a test says otherwise.
     */
    public Api expectingServerError() {
        return new Api(server, authorization, true);
    }

    public static Api as(Role role, Server server) {
        return new Api(server, "Bearer " + token(role, server));
    }

    public static Api anonymous(Server server) {
        return new Api(server, null);
    }

    /** Any Authorization header value, for tests of bad tokens. */
    public static Api withAuthorization(String authorization, Server server) {
        return new Api(server, authorization);
    }

    public static String token(Role role, Server server) {
        return TOKENS.computeIfAbsent(server.name() + "/" + role, key -> fetchToken(role, server));
    }

    private static String fetchToken(Role role, Server server) {
        if (server.oidcProviderTrusted()) {
            return OidcProvider.token(role);
        }
        if (!server.developmentIssuerTrusted()) {
            return TestIssuer.token(role, server);
        }
        return developmentToken(role, server);
    }

    /** A token from the server's development issuer (Liberty's JWT builder), whether the server trusts it or not. */
    public static String developmentToken(Role role, Server server) {
        var basic = Base64.getEncoder().encodeToString((role.user + ":" + role.user).getBytes());
        var request = HttpRequest.newBuilder(URI.create(server.tokenUrl()))
                .header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        var response = send(request);
        assertNoServerError("token of " + server.name(), response.statusCode(), response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Token endpoint of " + server.name() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return read(response.body()).get("token").asText();
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json);
    }

    public Response put(String path, String json) {
        return send("PUT", path, json);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response send(String method, String path, String json) {
        var builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofMinutes(5))
                .header("Accept", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        var response = send(builder.build());
        var answer = new Response(
                response.statusCode(), response.body(), response.headers().map());
        if (!serverErrorExpected) {
            assertNoServerError(method + " " + path, answer.status(), answer.body());
        }
        return answer;
    }

    /**
     * A GET of any URL with exactly the headers given (name, value, name, value...): for tests of what the server
     * does with credentials other than a bearer token, such as a cookie.
     */
    public static Response get(String url, String... headerNamesAndValues) {
        var builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
            builder.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        var response = send(builder.GET().build());
        assertNoServerError("GET " + url, response.statusCode(), response.body());
        return new Response(
                response.statusCode(), response.body(), response.headers().map());
    }

    /** Fails unless the answer is free of a 500 status and of anything that looks like a Java stack trace. */
    public static void assertNoServerError(String request, int status, String body) {
        if (status == 500) {
            throw new AssertionError(request + " answered 500 (declare it with expectingServerError() if a test"
                    + " means it): " + abbreviated(body));
        }
        var trace = body == null ? null : STACK_TRACE.matcher(body);
        if (trace != null && trace.find()) {
            throw new AssertionError(request + " answered " + status + " with what looks like a stack trace ('"
                    + trace.group() + "'): " + abbreviated(body));
        }
    }

    private static String abbreviated(String body) {
        return body == null || body.length() <= 2000 ? body : body.substring(0, 2000) + "…";
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }

    /** What a test needs of an answer: status, body as text and as JSON, headers. */
    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            return read(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
        }
    }

    /** The development key is self-signed; the tests talk to localhost only. */
    public static SSLContext trustAll() {
        // Host name checks on the self-signed localhost certificate are not what these tests are about.
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
