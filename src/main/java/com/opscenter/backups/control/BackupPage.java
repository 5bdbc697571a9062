package com.opscenter.backups.control;

import java.util.Optional;

/**
 * One page of {@code GET /backups}, newest first. Paging is an addition to the spec: without {@code offset} and
 * {@code limit} the list is whole, as the spec has it. Values are parsed here rather than by JAX-RS, which
 * answers 404 to a query parameter that is not a number; a bad one is a 400 that names it.
 */
public record BackupPage(int offset, int limit) {

    /** The page size when only {@code offset} is given. */
    public static final int DEFAULT_LIMIT = 100;

    /**
     * Larger pages are refused, not capped: a client that asks for more would silently miss backups. Whole lists
     * are asked for by leaving both parameters out.
     */
    public static final int MAX_LIMIT = 1000;

    /** Empty when neither parameter is given: the whole list. */
    public static Optional<BackupPage> of(String offset, String limit) {
        if (offset == null && limit == null) {
            return Optional.empty();
        }
        var first = offset == null ? 0 : number("offset", offset, 0, Integer.MAX_VALUE);
        var size = limit == null ? DEFAULT_LIMIT : number("limit", limit, 1, MAX_LIMIT);
        return Optional.of(new BackupPage(first, size));
    }

    private static int number(String name, String value, int min, int max) {
        var range = max == Integer.MAX_VALUE
                ? " must be a whole number, 0 or more"
                : " must be a whole number from " + min + " to " + max
                        + " (leave offset and limit out for the whole list)";
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidBackupRequest(name + range + "; got a value that is not one");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidBackupRequest(name + range + "; got " + parsed);
        }
        return (int) parsed;
    }
}
