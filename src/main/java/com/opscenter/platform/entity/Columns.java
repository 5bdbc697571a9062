package com.opscenter.platform.entity;

import java.util.Arrays;
import java.util.List;

/** How entities fit values into their columns: bounded text, and short lists stored one item per line. */
public final class Columns {

    private static final String SEPARATOR = "\n";

    private Columns() {}

    /** Cuts a value to the column's length, marking the cut, rather than failing the whole write. */
    public static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    public static String joinLines(List<String> values) {
        return String.join(SEPARATOR, values);
    }

    public static List<String> lines(String value) {
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(SEPARATOR));
    }
}
