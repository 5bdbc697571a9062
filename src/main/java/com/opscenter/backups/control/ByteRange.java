package com.opscenter.backups.control;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range} header ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}). Several
 * ranges in one header are answered with the whole file, which RFC 9110 allows.
 */
public record ByteRange(long start, long end) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public long length() {
        return end - start + 1;
    }

    /** Empty when there is no usable single range; {@link Unsatisfiable} when it lies beyond the file. */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        var matcher = SINGLE.matcher(header.trim());
        if (!matcher.matches()
                || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (matcher.group(1).isEmpty()) {
                var suffix = Long.parseLong(matcher.group(2));
                if (suffix == 0) {
                    throw new Unsatisfiable(size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            var start = Long.parseLong(matcher.group(1));
            var end = matcher.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(matcher.group(2)), size - 1);
            if (start >= size || end < start) {
                throw new Unsatisfiable(size);
            }
            return Optional.of(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static final class Unsatisfiable extends RuntimeException {
        private final long size;

        public Unsatisfiable(long size) {
            super("Requested range not satisfiable; the file has " + size + " bytes");
            this.size = size;
        }

        public long size() {
            return size;
        }
    }
}
