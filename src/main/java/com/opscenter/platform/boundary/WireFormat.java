package com.opscenter.platform.boundary;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.RecordComponent;

/**
 * The one JSON-B configuration of request and response bodies. Record components are camelCase in Java and
 * snake_case on the wire ({@code filesCount} is {@code files_count}), so a record names a field with
 * {@code @JsonbProperty} only where the rule would give another name. An empty field is left out, unless its
 * component is marked {@code @JsonbNillable} because the spec shows it as {@code null}.
 */
@Provider
public class WireFormat implements ContextResolver<Jsonb> {

    private static final class Holder {
        static final Jsonb JSONB = JsonbBuilder.create(config());
    }

    public static JsonbConfig config() {
        return new JsonbConfig().withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES);
    }

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb();
    }

    /** The one instance, shared: JSON-B instances are thread-safe and costly to build. */
    static Jsonb jsonb() {
        return Holder.JSONB;
    }

    /**
     * The wire name of a Java property under {@code LOWER_CASE_WITH_UNDERSCORES}, for messages and checks that
     * name fields outside JSON-B: an underscore before each capital that follows a lower-case letter, all in lower
     * case ({@code bytesUploaded} is {@code bytes_uploaded}, {@code sha256} stays). A test holds this to what JSON-B
     * writes for every wire record.
     */
    public static String wireName(String javaName) {
        var name = new StringBuilder(javaName.length() + 4);
        var previous = '\0';
        for (var c : javaName.toCharArray()) {
            if (name.length() > 0
                    && Character.isUpperCase(c)
                    && Character.isAlphabetic(previous)
                    && Character.isLowerCase(previous)) {
                name.append('_');
            }
            name.append(Character.toLowerCase(c));
            previous = c;
        }
        return name.toString();
    }

    /** The wire name of a record component: its {@code @JsonbProperty} where it has one, else the rule's. */
    public static String wireName(RecordComponent component) {
        var property = component.getAnnotation(JsonbProperty.class);
        if (property == null) {
            property = component.getAccessor().getAnnotation(JsonbProperty.class);
        }
        return property == null || property.value().isEmpty() ? wireName(component.getName()) : property.value();
    }
}
