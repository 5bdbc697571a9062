package com.opscenter.archive;

import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;

/** How an exclude pattern becomes a matcher: one place, so what configuration accepts is what a backup uses. */
public final class ExcludePatterns {

    private ExcludePatterns() {}

    /**
     * A glob; one with {@code /} matches the path relative to the source root, one without the file name.
     *
     * @throws java.util.regex.PatternSyntaxException if the glob does not compile
     */
    public static PathMatcher matcher(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    public static boolean matchesRelativePath(String pattern) {
        return pattern.contains("/");
    }
}
