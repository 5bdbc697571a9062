package com.opscenter.platform.boundary;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Holds JSON request bodies bound to records to their declared shape before JSON-B reads them. JSON-B on its own
 * ignores unknown fields (a typo such as {@code "verify_before_restor"} would silently fall back to a default)
 * and reads the string {@code "yes"} as {@code false}; on endpoints that restore, delete or reconfigure, either
 * could do what the client did not ask for. Both get 400 here, naming the field.
 */
@Provider
public class StrictRequestBodies implements ReaderInterceptor {

    /** Request bodies of this API are small; anything larger is not one of ours. */
    static final int MAX_BODY_BYTES = RequestBodyLimit.MAX_BODY_BYTES;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        var type = context.getType();
        if (!type.isRecord()) {
            return context.proceed();
        }
        var bytes = context.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw RequestBodyLimit.tooLargeException();
        }
        var text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            // No body at all: the resource applies its defaults.
            return null;
        }
        var problem = problemWith(parse(text), type);
        if (problem.isPresent()) {
            throw new BadRequestException(problem.get());
        }
        context.setInputStream(new ByteArrayInputStream(bytes));
        return context.proceed();
    }

    private static JsonValue parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException e) {
            var message = e.getMessage() == null
                    ? "cannot be read"
                    : e.getMessage().lines().findFirst().orElse("");
            throw new BadRequestException("Malformed JSON request body: " + message);
        }
    }

    /** What is wrong with {@code body} as a {@code type}, if anything. */
    static Optional<String> problemWith(JsonValue body, Class<?> type) {
        if (body.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (body.getValueType() != JsonValue.ValueType.OBJECT) {
            return Optional.of("The request body must be a JSON object");
        }
        var fields = fields(type);
        var object = body.asJsonObject();
        var unknown = new TreeSet<>(object.keySet());
        unknown.removeAll(fields.keySet());
        if (!unknown.isEmpty()) {
            return Optional.of("Unknown field(s) " + unknown + "; known fields are " + fields.keySet());
        }
        var problems = new ArrayList<String>();
        fields.forEach((name, javaType) -> problem(object, name, javaType).ifPresent(problems::add));
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static Optional<String> problem(JsonObject object, String name, Class<?> javaType) {
        var value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        var kind = value.getValueType();
        if (javaType.isRecord() && writesOnlyComponents(javaType)) {
            // A nested object (such as the backup configuration's "incremental") is held to its record the same way.
            if (kind != JsonValue.ValueType.OBJECT) {
                return Optional.of(name + " must be an object, not " + abbreviate(value.toString()));
            }
            return problemWith(value, javaType).map(problem -> name + ": " + problem);
        }
        String expected = null;
        if (javaType == Boolean.class || javaType == boolean.class) {
            expected = kind == JsonValue.ValueType.TRUE || kind == JsonValue.ValueType.FALSE ? null : "true or false";
        } else if (Number.class.isAssignableFrom(javaType) || (javaType.isPrimitive() && javaType != char.class)) {
            expected = kind == JsonValue.ValueType.NUMBER ? null : "a number";
        } else if (javaType == String.class) {
            expected = kind == JsonValue.ValueType.STRING ? null : "a string";
        } else if (List.class.isAssignableFrom(javaType)) {
            expected = kind == JsonValue.ValueType.ARRAY ? null : "a list";
        }
        return expected == null
                ? Optional.empty()
                : Optional.of(name + " must be " + expected + ", not " + abbreviate(value.toString()));
    }

    /**
     * Whether JSON-B writes the record with its components only. One with a getter besides (such as
     * {@code isEmpty()}, written as {@code is_empty}) comes back from clients that send an answer back as they got
     * it; JSON-B ignores the extra field, and so must this check.
     */
    private static boolean writesOnlyComponents(Class<?> type) {
        return java.util.Arrays.stream(type.getMethods())
                .filter(m -> !java.lang.reflect.Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0)
                .map(java.lang.reflect.Method::getName)
                .noneMatch(name -> (name.startsWith("get") && name.length() > 3 && !name.equals("getClass"))
                        || (name.startsWith("is") && name.length() > 2));
    }

    /** Wire name to Java type, named as JSON-B names them (WireFormat). */
    private static Map<String, Class<?>> fields(Class<?> type) {
        var fields = new TreeMap<String, Class<?>>();
        for (var component : type.getRecordComponents()) {
            fields.put(WireFormat.wireName(component), component.getType());
        }
        return fields;
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
