package com.opscenter.health;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document groups operations by feature and gives each a summary: every resource in target/classes
 * carries one of the feature tags, and every operation an {@code @Operation} summary. OpenApiIT checks the served
 * document.
 */
class OpenApiGroupsTest {

    static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target/classes");
    static final Set<String> TAGS = Set.of("storage", "backups", "cloud", "schedules", "audit", "health", "console");
    static final List<Class<? extends Annotation>> VERBS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

    @Test
    void everyResourceCarriesOneFeatureTagWithOneDescription() throws Exception {
        var descriptions = new HashMap<String, String>();
        for (var resource : resources()) {
            var tags = resource.getAnnotationsByType(Tag.class);
            assertThat(tags).as(resource.getName()).hasSize(1);
            var tag = tags[0];
            assertThat(tag.name()).as(resource.getName()).isIn(TAGS);
            assertThat(tag.description()).as(resource.getName()).isNotBlank();
            // Two resources of one feature share the tag; the document keeps one description, so they must agree.
            var earlier = descriptions.putIfAbsent(tag.name(), tag.description());
            assertThat(earlier).as(resource.getName()).isIn(null, tag.description());
        }
        assertThat(descriptions.keySet()).isEqualTo(TAGS);
    }

    @Test
    void everyOperationHasASummary() throws Exception {
        var operations = new TreeSet<String>();
        for (var resource : resources()) {
            for (var method : resource.getDeclaredMethods()) {
                if (VERBS.stream().noneMatch(method::isAnnotationPresent)) {
                    continue;
                }
                var name = resource.getSimpleName() + "." + method.getName();
                operations.add(name);
                var operation = method.getAnnotation(Operation.class);
                assertThat(operation).as(name).isNotNull();
                assertThat(operation.summary()).as(name).isNotBlank();
                assertThat(operation.hidden()).as(name).isFalse();
            }
        }
        assertThat(operations).hasSizeGreaterThan(15);
    }

    /**
     * The query parameters that issues 15 to 17 added (cloud targets, schedule filters, dry runs) carry a
     * description in the document; OpenApiIT checks the served one.
     */
    @Test
    void theQueryParametersOfTargetsAndSchedulesAreDescribed() throws Exception {
        var described = new TreeSet<String>();
        for (var resource : resources()) {
            for (var method : resource.getDeclaredMethods()) {
                for (var parameter : method.getParameters()) {
                    var query = parameter.getAnnotation(jakarta.ws.rs.QueryParam.class);
                    if (query == null
                            || !Set.of("target", "schedule", "volume", "dry_run")
                                    .contains(query.value())) {
                        continue;
                    }
                    var name = resource.getSimpleName() + "." + method.getName() + " ?" + query.value();
                    var doc = parameter.getAnnotation(
                            org.eclipse.microprofile.openapi.annotations.parameters.Parameter.class);
                    assertThat(doc).as(name).isNotNull();
                    assertThat(doc.description()).as(name).isNotBlank();
                    described.add(name);
                }
            }
        }
        assertThat(described)
                .contains(
                        "CloudResource.list ?target",
                        "CloudResource.sync ?target",
                        "CloudResource.upload ?target",
                        "CloudResource.delete ?target",
                        "BackupsResource.list ?schedule",
                        "BackupsResource.list ?volume",
                        "SchedulesResource.retention ?dry_run");
    }

    /** The JAX-RS resources of the build. */
    static List<Class<?>> resources() throws Exception {
        var classes = new ArrayList<Class<?>>();
        try (var files = Files.walk(CLASSES)) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                var name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                var type = Class.forName(name, false, OpenApiGroupsTest.class.getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    classes.add(type);
                }
            }
        }
        assertThat(classes).hasSizeGreaterThanOrEqualTo(6);
        return classes;
    }
}
