package com.opscenter.storage.control;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Empties cache folders, keeping every file or folder whose name matches a keep pattern (sessions, by
 * default) at any depth. The configured folders themselves stay; symbolic links are removed, never followed,
 * and every removal is made relative to an open handle of its folder ({@link SecureTree}), so a folder swapped
 * for a link meanwhile never leads the clean-up outside.
 */
public final class CacheCleaner {

    private CacheCleaner() {}

    /** Files removed (or, in a dry run, that would be), bytes freed, and what failed. */
    public record Result(long removedFiles, long freedBytes, List<String> errors) {}

    public static Result clean(List<Path> dirs, List<String> keepPatterns, boolean dryRun) {
        var matchers = keepPatterns.stream()
                .map(String::strip)
                .filter(pattern -> !pattern.isEmpty())
                .map(pattern -> FileSystems.getDefault().getPathMatcher("glob:" + pattern))
                .toList();
        var emptier = new Emptier(matchers, dryRun);
        for (var dir : dirs) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                SecureTree.walk(dir, emptier);
            }
        }
        return new Result(emptier.removed, emptier.freed, emptier.errors);
    }

    private static final class Emptier implements SecureTree.Visitor {
        private final List<PathMatcher> keep;
        private final boolean dryRun;
        private final List<String> errors = new ArrayList<>();
        private long removed;
        private long freed;

        Emptier(List<PathMatcher> keep, boolean dryRun) {
            this.keep = keep;
            this.dryRun = dryRun;
        }

        @Override
        public boolean visit(SecureTree.Entry entry) throws IOException {
            if (kept(entry.name())) {
                return false;
            }
            if (entry.attributes().isDirectory()) {
                return true;
            }
            if (!dryRun) {
                // unlinkat in the open folder: removes a link itself, never what it points to.
                entry.parent().deleteFile(entry.name());
            }
            removed++;
            freed += entry.attributes().isRegularFile() ? entry.attributes().size() : 0;
            return false;
        }

        @Override
        public void leave(SecureTree.Entry folder) throws IOException {
            if (dryRun) {
                return;
            }
            try {
                folder.parent().deleteDirectory(folder.name());
            } catch (DirectoryNotEmptyException kept) {
                // holds kept files
            }
        }

        @Override
        public void failed(Path path, IOException e) {
            errors.add(path + ": " + TreeWalker.describe(e));
        }

        private boolean kept(Path name) {
            return keep.stream().anyMatch(matcher -> matcher.matches(name));
        }
    }
}
