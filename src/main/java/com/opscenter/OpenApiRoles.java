package com.opscenter;

import com.opscenter.audit.boundary.AuditResource;
import com.opscenter.backups.boundary.BackupsResource;
import com.opscenter.backups.boundary.SchedulesResource;
import com.opscenter.cloud.boundary.CloudResource;
import com.opscenter.console.boundary.ConsoleConfigResource;
import com.opscenter.platform.boundary.HealthDetailsResource;
import com.opscenter.schedule.boundary.SchedulerResource;
import com.opscenter.storage.boundary.StorageResource;
import com.opscenter.storage.boundary.VolumesResource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Writes each operation's roles into the OpenAPI document, taken from the same {@code @RolesAllowed} that the
 * server enforces, so the document cannot claim other roles than the code: extension {@code x-roles}, and a line
 * in the description that Swagger UI shows.
 */
public class OpenApiRoles implements OASFilter {

    /** Every JAX-RS resource; a unit test holds this list to the classes in the build. */
    public static final List<Class<?>> RESOURCES = List.of(
            StorageResource.class,
            HealthDetailsResource.class,
            VolumesResource.class,
            BackupsResource.class,
            SchedulerResource.class,
            SchedulesResource.class,
            CloudResource.class,
            AuditResource.class,
            ConsoleConfigResource.class);

    private static final List<Class<? extends Annotation>> VERBS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        var roles = rolesByOperation();
        openAPI.getPaths()
                .getPathItems()
                .forEach((path, item) -> item.getOperations().forEach((verb, operation) -> {
                    var allowed = roles.get(verb.name() + " " + path);
                    if (allowed != null) {
                        describe(operation, allowed);
                    }
                }));
    }

    private static void describe(Operation operation, List<String> roles) {
        operation.addExtension("x-roles", roles);
        if (roles.isEmpty()) {
            // @PermitAll: no bearer token either, overriding the document's global requirement.
            operation.setSecurity(new ArrayList<>());
        }
        var line = roles.isEmpty() ? "No token needed." : "Roles: " + String.join(", ", roles) + ".";
        var description = operation.getDescription();
        operation.setDescription(description == null || description.isBlank() ? line : description + "\n\n" + line);
    }

    /** {@code "GET /api/v1/backups/{backup_id}"} to the roles allowed to call it. */
    public static Map<String, List<String>> rolesByOperation() {
        var root =
                OpsCenterApplication.class.getAnnotation(ApplicationPath.class).value();
        var result = new HashMap<String, List<String>>();
        for (var resource : RESOURCES) {
            for (Method method : resource.getMethods()) {
                for (var verb : VERBS) {
                    if (method.isAnnotationPresent(verb)) {
                        var sub = method.getAnnotation(Path.class);
                        var path = ("/" + root + "/"
                                        + resource.getAnnotation(Path.class).value() + "/"
                                        + (sub == null ? "" : sub.value()))
                                .replaceAll("/+", "/")
                                .replaceAll("(.)/$", "$1");
                        result.put(verb.getSimpleName().toUpperCase(Locale.ROOT) + " " + path, roles(method));
                    }
                }
            }
        }
        return result;
    }

    private static List<String> roles(Method method) {
        var allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null
                ? List.of()
                : Arrays.stream(allowed.value()).sorted().toList();
    }
}
