package com.opscenter.storage.control;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Empties cache folders, keeping every file or folder whose name matches a keep pattern (sessions, by
 * default) at any depth. The configured folders themselves stay; symbolic links are removed, never followed.
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
        var visitor = new Emptier(matchers, dryRun);
        for (var dir : dirs) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                visitor.root = dir;
                try {
                    Files.walkFileTree(dir, visitor);
                } catch (IOException e) {
                    visitor.errors.add(dir + ": " + TreeWalker.describe(e));
                }
            }
        }
        return new Result(visitor.removed, visitor.freed, visitor.errors);
    }

    private static final class Emptier extends SimpleFileVisitor<Path> {
        private final List<PathMatcher> keep;
        private final boolean dryRun;
        private final List<String> errors = new ArrayList<>();
        private Path root;
        private long removed;
        private long freed;

        Emptier(List<PathMatcher> keep, boolean dryRun) {
            this.keep = keep;
            this.dryRun = dryRun;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            return !dir.equals(root) && kept(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (kept(file)) {
                return FileVisitResult.CONTINUE;
            }
            try {
                if (!dryRun) {
                    Files.delete(file);
                }
                removed++;
                freed += attributes.isRegularFile() ? attributes.size() : 0;
            } catch (IOException e) {
                errors.add(file + ": " + TreeWalker.describe(e));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            errors.add(file + ": " + TreeWalker.describe(e));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null) {
                errors.add(dir + ": " + TreeWalker.describe(e));
            } else if (!dir.equals(root) && !dryRun) {
                try {
                    Files.delete(dir);
                } catch (DirectoryNotEmptyException kept) {
                    // holds kept files
                } catch (IOException failure) {
                    errors.add(dir + ": " + TreeWalker.describe(failure));
                }
            }
            return FileVisitResult.CONTINUE;
        }

        private boolean kept(Path path) {
            var name = path.getFileName();
            return keep.stream().anyMatch(matcher -> matcher.matches(name));
        }
    }
}
