package com.opscenter.security.control;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which {@code aud} a token needs here. Liberty's mpJwt skips the audience check altogether when its
 * {@code audiences} attribute resolves to nothing (as {@code JWT_AUDIENCE=} set empty may make it), so the
 * application checks again: an empty or blank setting means the default {@value #DEFAULT}, never "any audience".
 */
public record AudienceRule(List<String> expected) {

    public static final String DEFAULT = "ops-center";

    /** From the setting as given (comma-separated, as Liberty reads the attribute); blank means the default. */
    public static AudienceRule of(String setting) {
        var names = setting == null
                ? List.<String>of()
                : Arrays.stream(setting.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
        return new AudienceRule(names.isEmpty() ? List.of(DEFAULT) : names);
    }

    /** Whether a token with these audiences was issued for this service: at least one must be expected. */
    public boolean accepts(Set<String> audiences) {
        return audiences != null && audiences.stream().anyMatch(expected::contains);
    }
}
