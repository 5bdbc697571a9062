package com.opscenter.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finds every JAX-RS resource method in the build by reflection and holds each to an explicit role decision that
 * matches the spec's Access lines.
 */
class EndpointRolesTest {

    private static final List<Class<? extends Annotation>> HTTP_METHODS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

    private static final Set<String> ADMIN = Set.of(Roles.ADMIN);
    private static final Set<String> ADMIN_AND_MODERATOR = Set.of(Roles.ADMIN, Roles.MODERATOR);

    /**
     * The Access line of each endpoint in the spec (storage-backup-api.md), plus the endpoints the issues add.
     * A new endpoint fails this test until it is listed here.
     */
    private static final Map<String, Set<String>> ACCESS = Map.ofEntries(
            Map.entry("GET /storage/info", ADMIN_AND_MODERATOR),
            Map.entry("GET /storage/volumes", ADMIN_AND_MODERATOR),
            Map.entry("GET /storage/volumes/{volume_name}", ADMIN_AND_MODERATOR),
            Map.entry("POST /storage/cleanup", ADMIN),
            Map.entry("POST /storage/optimize", ADMIN),
            Map.entry("GET /storage/health", ADMIN_AND_MODERATOR),
            Map.entry("GET /backups", ADMIN_AND_MODERATOR),
            Map.entry("POST /backups/create", ADMIN),
            Map.entry("POST /backups/{backup_id}/restore", ADMIN),
            Map.entry("DELETE /backups/{backup_id}", ADMIN),
            Map.entry("POST /backups/verify/{backup_id}", ADMIN_AND_MODERATOR),
            Map.entry("GET /backups/config", ADMIN_AND_MODERATOR),
            Map.entry("PUT /backups/config", ADMIN),
            Map.entry("GET /backups/{backup_id}/download", ADMIN),
            Map.entry("GET /backups/{backup_id}", ADMIN_AND_MODERATOR),
            Map.entry("GET /backups/{backup_id}/contents", ADMIN_AND_MODERATOR),
            Map.entry("GET /backups/scheduler", ADMIN_AND_MODERATOR),
            Map.entry("GET /backups/cloud", ADMIN_AND_MODERATOR),
            Map.entry("POST /backups/cloud/{backup_id}/upload", ADMIN),
            Map.entry("POST /backups/cloud/{backup_id}/download", ADMIN),
            Map.entry("DELETE /backups/cloud/{backup_id}", ADMIN),
            Map.entry("POST /backups/cloud/sync", ADMIN),
            Map.entry("GET /audit", ADMIN),
            // issue 17: named schedules; a moderator may ask for a retention dry run, only an admin prunes (checked
            // in the method, see NamedSchedulesIT).
            Map.entry("GET /backups/schedules", ADMIN_AND_MODERATOR),
            Map.entry("POST /backups/schedules", ADMIN),
            Map.entry("GET /backups/schedules/{name}", ADMIN_AND_MODERATOR),
            Map.entry("PUT /backups/schedules/{name}", ADMIN),
            Map.entry("DELETE /backups/schedules/{name}", ADMIN),
            Map.entry("POST /backups/schedules/{name}/retention", ADMIN_AND_MODERATOR),
            // issue 18: the console's preview of a cron expression's next runs, read like the schedules.
            Map.entry("GET /backups/schedules/next-runs", ADMIN_AND_MODERATOR),
            // issue 12: what anonymous /health no longer shows (paths, errors).
            Map.entry("GET /health", ADMIN));

    /**
     * The only endpoints open to everyone, each for a reason: issue 18, how the web console signs in (asked before
     * there is a token; it names the sign-in method and the provider's public endpoints, nothing else).
     */
    private static final Set<String> ANONYMOUS = Set.of("GET /console/config");

    private static Map<String, Method> endpoints;

    @BeforeAll
    static void findEndpoints() throws IOException, ClassNotFoundException {
        endpoints = new TreeMap<>();
        for (var resource : resourceClasses()) {
            for (var method : resource.getMethods()) {
                httpMethod(method).ifPresent(verb -> endpoints.put(verb + " " + path(resource, method), method));
            }
        }
    }

    @Test
    void buildHasResourceMethods() {
        assertThat(endpoints).containsKeys("GET /audit");
    }

    @Test
    void everyResourceMethodCarriesAnExplicitRoleDecision() {
        var undecided = new ArrayList<String>();
        endpoints.forEach((endpoint, method) -> {
            if (roleAnnotation(method) == null) {
                undecided.add(
                        endpoint + " (" + method.getDeclaringClass().getSimpleName() + "." + method.getName() + ")");
            }
        });
        assertThat(undecided)
                .as("resource methods without @RolesAllowed, @PermitAll or @DenyAll")
                .isEmpty();
    }

    @Test
    void noResourceMethodIsOpenToEveryoneUnlessListed() {
        endpoints.forEach((endpoint, method) -> {
            if (ANONYMOUS.contains(endpoint)) {
                assertThat(roleAnnotation(method)).as(endpoint).isInstanceOf(PermitAll.class);
            } else {
                assertThat(roleAnnotation(method)).as(endpoint).isNotInstanceOf(PermitAll.class);
            }
        });
        assertThat(endpoints).containsKeys(ANONYMOUS.toArray(String[]::new));
    }

    @Test
    void openApiRolesFilterKnowsEveryResourceClass() throws Exception {
        var declaring = new TreeSet<String>();
        endpoints.values().forEach(m -> declaring.add(m.getDeclaringClass().getName()));
        assertThat(com.opscenter.OpenApiRoles.RESOURCES.stream()
                        .map(Class::getName)
                        .toList())
                .containsExactlyInAnyOrderElementsOf(declaring);
        var documented = com.opscenter.OpenApiRoles.rolesByOperation();
        assertThat(documented).hasSameSizeAs(endpoints);
        documented.forEach((operation, roles) -> assertThat(new TreeSet<>(roles))
                .as(operation)
                .isEqualTo(new TreeSet<>(ACCESS.getOrDefault(
                        operation.replace("/api/v1", ""),
                        ANONYMOUS.contains(operation.replace("/api/v1", "")) ? Set.of() : null))));
    }

    @Test
    void rolesFollowTheSpecAccessLines() {
        endpoints.forEach((endpoint, method) -> {
            if (ANONYMOUS.contains(endpoint)) {
                return;
            }
            assertThat(ACCESS)
                    .as("Access for " + endpoint + " is not listed in this test")
                    .containsKey(endpoint);
            var annotation = roleAnnotation(method);
            assertThat(annotation).as(endpoint).isInstanceOf(RolesAllowed.class);
            assertThat(new TreeSet<>(Arrays.asList(((RolesAllowed) annotation).value())))
                    .as(endpoint)
                    .isEqualTo(new TreeSet<>(ACCESS.get(endpoint)));
        });
    }

    /** Method-level annotations override the class-level one, as in Jakarta Security. */
    private static Annotation roleAnnotation(Method method) {
        for (var element : List.of(method, method.getDeclaringClass())) {
            for (var type : List.of(RolesAllowed.class, PermitAll.class, DenyAll.class)) {
                var annotation = ((java.lang.reflect.AnnotatedElement) element).getAnnotation(type);
                if (annotation != null) {
                    return annotation;
                }
            }
        }
        return null;
    }

    private static java.util.Optional<String> httpMethod(Method method) {
        return HTTP_METHODS.stream()
                .filter(method::isAnnotationPresent)
                .map(Class::getSimpleName)
                .findFirst();
    }

    private static String path(Class<?> resource, Method method) {
        var base = resource.getAnnotation(Path.class).value();
        var sub = method.getAnnotation(Path.class);
        var full = "/" + base + (sub == null ? "" : "/" + sub.value());
        return full.replaceAll("/+", "/").replaceAll("/$", "");
    }

    private static List<Class<?>> resourceClasses() throws IOException, ClassNotFoundException {
        var classes = java.nio.file.Path.of("target/classes");
        var found = new ArrayList<Class<?>>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                var name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                var type = Class.forName(name, false, EndpointRolesTest.class.getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    found.add(type);
                }
            }
        }
        return found;
    }
}
