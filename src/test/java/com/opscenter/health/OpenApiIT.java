package com.opscenter.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Server;
import jakarta.ws.rs.ApplicationPath;
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
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The served OpenAPI document and the JAX-RS resources in target/classes describe the same operations, so that
 * neither drifts from the other, and the document declares the bearer scheme.
 */
@ResourceLock(Locks.POSTGRES)
class OpenApiIT {

    static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target/classes");
    static final List<Class<? extends Annotation>> VERBS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

    @Test
    void documentListsExactlyTheResourceOperations() throws Exception {
        var response = Api.anonymous(Server.POSTGRES).get("/openapi?format=JSON");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var documented = new TreeSet<String>();
        response.json()
                .get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(verb -> documented.add(verb.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        var implemented = resourceOperations();
        assertThat(implemented).hasSizeGreaterThan(15);
        assertThat(documented).isEqualTo(implemented);
    }

    @Test
    void everyOperationNamesItsRoles() {
        var document =
                Api.anonymous(Server.POSTGRES).get("/openapi?format=JSON").json();
        var restore = document.at("/paths/~1api~1v1~1backups~1{backup_id}~1restore/post");
        assertThat(restore.get("x-roles").toString()).isEqualTo("[\"admin\"]");
        assertThat(restore.get("description").asText()).contains("Roles: admin.");
        var list = document.at("/paths/~1api~1v1~1backups/get");
        assertThat(list.get("x-roles").toString()).isEqualTo("[\"admin\",\"moderator\"]");
        // The one operation open to everyone (issue 18) says so, and needs no bearer token.
        var console = document.at("/paths/~1api~1v1~1console~1config/get");
        assertThat(console.get("x-roles").toString()).isEqualTo("[]");
        assertThat(console.get("description").asText()).contains("No token needed.");
        assertThat(console.get("security").toString()).isEqualTo("[]");
        document.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue()
                        .fields()
                        .forEachRemaining(op -> assertThat(op.getValue().has("x-roles"))
                                .as(op.getKey() + " " + path.getKey())
                                .isTrue()));
    }

    @Test
    void operationsAreGroupedByFeatureWithASummaryEach() {
        var document =
                Api.anonymous(Server.POSTGRES).get("/openapi?format=JSON").json();
        var tags = new TreeSet<String>();
        document.get("tags").forEach(tag -> {
            tags.add(tag.get("name").asText());
            assertThat(tag.path("description").asText()).as(tag.toString()).isNotBlank();
        });
        assertThat(tags).containsExactly("audit", "backups", "cloud", "console", "health", "schedules", "storage");
        document.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                    var name = op.getKey() + " " + path.getKey();
                    assertThat(op.getValue().path("summary").asText()).as(name).isNotBlank();
                    assertThat(op.getValue().path("tags").size()).as(name).isEqualTo(1);
                    assertThat(tags)
                            .as(name)
                            .contains(op.getValue().path("tags").get(0).asText());
                }));
        assertThat(document.at("/paths/~1api~1v1~1backups~1cloud~1sync/post/tags/0")
                        .asText())
                .isEqualTo("cloud");
        assertThat(document.at("/paths/~1api~1v1~1storage~1volumes/get/tags/0").asText())
                .isEqualTo("storage");
    }

    /**
     * What issues 15 to 17 added (cloud targets, encryption, incremental modes, schedules) is described in the
     * document: each query parameter and each request and response property, under its wire name.
     */
    @Test
    void theParametersAndFieldsOfTargetsEncryptionModesAndSchedulesAreDescribed() {
        var document =
                Api.anonymous(Server.POSTGRES).get("/openapi?format=JSON").json();
        for (var operation : List.of(
                "/paths/~1api~1v1~1backups~1cloud/get target",
                "/paths/~1api~1v1~1backups~1cloud~1sync/post target",
                "/paths/~1api~1v1~1backups~1cloud~1{backup_id}~1upload/post target",
                "/paths/~1api~1v1~1backups~1cloud~1{backup_id}/delete target",
                "/paths/~1api~1v1~1backups/get schedule",
                "/paths/~1api~1v1~1backups/get volume",
                "/paths/~1api~1v1~1backups~1schedules~1{name}~1retention/post dry_run")) {
            var at = operation.split(" ");
            var parameters = document.at(at[0] + "/parameters");
            var parameter = java.util.stream.StreamSupport.stream(parameters.spliterator(), false)
                    .filter(p -> p.path("name").asText().equals(at[1]))
                    .findFirst();
            assertThat(parameter).as(operation + " in " + parameters).isPresent();
            assertThat(parameter.get().path("in").asText()).as(operation).isEqualTo("query");
            assertThat(parameter.get().path("description").asText())
                    .as(operation)
                    .isNotBlank();
        }
        var schemas = document.at("/components/schemas");
        for (var property : List.of(
                "CloudSyncRequest from",
                "CloudSyncRequest direction",
                "CloudSyncResponse targets",
                "CloudBackupList target",
                "CloudBackupList failed_targets",
                "CloudDownloadResponse target",
                "RestoreResponse cloud_target",
                "CreateBackupRequest mode",
                "ScheduleRequest mode",
                "ScheduleRequest cloud_targets",
                "ScheduleResponse cloud_targets",
                "BackupDetails cloud_targets",
                "BackupDetails mode",
                "BackupConfigUpdate encryption",
                "BackupConfigResponse encryption",
                "BackupConfigUpdate incremental")) {
            var at = property.split(" ");
            var properties = schemas.path(at[0]).path("properties");
            assertThat(properties.has(at[1]))
                    .as(property + " among " + names(properties))
                    .isTrue();
            assertThat(describedAt(properties.get(at[1])))
                    .as(property + ": " + properties.get(at[1]))
                    .isNotBlank();
        }
        assertThat(schemas.at("/BackupConfigUpdate/properties/encryption/description")
                        .asText())
                .contains("none", "cloud", "all");
    }

    /** A property's description, also where it is a reference with siblings (allOf) to another schema. */
    static String describedAt(com.fasterxml.jackson.databind.JsonNode p) {
        if (p.hasNonNull("description")) {
            return p.get("description").asText();
        }
        for (var part : p.path("allOf")) {
            if (part.hasNonNull("description")) {
                return part.get("description").asText();
            }
        }
        return "";
    }

    /** The property names, for a readable failure. */
    static List<String> names(com.fasterxml.jackson.databind.JsonNode properties) {
        var names = new java.util.ArrayList<String>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void documentDeclaresTheBearerScheme() {
        var document =
                Api.anonymous(Server.POSTGRES).get("/openapi?format=JSON").json();
        var scheme = document.at("/components/securitySchemes/bearer");
        assertThat(scheme.get("type").asText()).isEqualTo("http");
        assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/security/0").has("bearer")).isTrue();
    }

    static Set<String> resourceOperations() throws IOException, ClassNotFoundException {
        var operations = new TreeSet<String>();
        String root = null;
        var classes = new java.util.ArrayList<Class<?>>();
        try (var files = Files.walk(CLASSES)) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                var name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                var type = Class.forName(name, false, OpenApiIT.class.getClassLoader());
                if (type.isAnnotationPresent(ApplicationPath.class)) {
                    root = type.getAnnotation(ApplicationPath.class).value();
                }
                if (type.isAnnotationPresent(Path.class)) {
                    classes.add(type);
                }
            }
        }
        assertThat(root).isNotNull();
        for (var type : classes) {
            for (var method : type.getMethods()) {
                for (var verb : VERBS) {
                    if (method.isAnnotationPresent(verb)) {
                        var path = join(
                                root,
                                type.getAnnotation(Path.class).value(),
                                method.isAnnotationPresent(Path.class)
                                        ? method.getAnnotation(Path.class).value()
                                        : "");
                        operations.add(verb.getSimpleName() + " " + path);
                    }
                }
            }
        }
        return operations;
    }

    /** Joins path segments and drops template regexes: {@code {id: [a-z]+}} is {@code {id}} in OpenAPI. */
    static String join(String... parts) {
        var joined = String.join("/", parts).replaceAll("/+", "/").replaceAll("\\{\\s*([^:}\\s]+)\\s*:[^}]*}", "{$1}");
        joined = joined.startsWith("/") ? joined : "/" + joined;
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
