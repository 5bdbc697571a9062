package com.opscenter.archive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A part of an archive to restore: entry paths as the contents listing names them ({@code volumes/db/docs}), each
 * selecting that entry and, for a folder, everything under it. Restored under the same paths as a whole restore
 * would put them, like {@code restic restore --include}. {@link Restorer#select} reads the archive once to check
 * every path is in it and to find what the selection needs from outside itself: the files that hard links inside
 * it name (their content is written at the first such link, since the target is not restored), and the earlier
 * backups whose archives hold an increment's files.
 */
public final class Selection {

    /** How many paths one selection may name. */
    public static final int MAX_PATHS = 1000;

    /** How long one selected path may be, in characters. */
    public static final int MAX_PATH_LENGTH = 4096;

    private final List<String> paths;
    private final Set<String> roots;
    private final Set<String> ancestors;
    private final Set<String> missing;
    private final Map<String, String> substitutes;
    private final Set<String> holders;
    private final boolean allHolders;
    private final long files;
    private final long bytes;

    private Selection(
            List<String> paths,
            Set<String> missing,
            Map<String, String> substitutes,
            Set<String> holders,
            boolean allHolders,
            long files,
            long bytes) {
        this.paths = List.copyOf(paths);
        this.roots = Set.copyOf(paths);
        Set<String> up = new java.util.HashSet<>();
        for (String p : paths) {
            for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
                up.add(p.substring(0, i));
            }
        }
        this.ancestors = Set.copyOf(up);
        this.missing = Collections.unmodifiableSet(new LinkedHashSet<>(missing));
        this.substitutes = Map.copyOf(substitutes);
        this.holders = Set.copyOf(holders);
        this.allHolders = allHolders;
        this.files = files;
        this.bytes = bytes;
    }

    /**
     * Why {@code path} cannot be a selected path, if it cannot: it must be relative, without {@code .} or
     * {@code ..} segments or empty ones (no doubled, leading or trailing slash), without NUL, and at most
     * {@value #MAX_PATH_LENGTH} characters long.
     */
    public static Optional<String> problemWith(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("a path is empty");
        }
        String shown = path.length() > 80 ? path.substring(0, 80) + "..." : path;
        if (path.length() > MAX_PATH_LENGTH) {
            return Optional.of("path '" + shown + "' is longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("path '" + shown + "' contains a NUL character");
        }
        if (path.startsWith("/")) {
            return Optional.of("path '" + shown + "' is absolute; name it as the backup's contents list it");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("path '" + shown + "' has an empty segment (a doubled or trailing '/')");
            }
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("path '" + shown + "' contains '" + segment + "'");
            }
        }
        return Optional.empty();
    }

    /** The paths, checked one by one and as a list (1 to {@value #MAX_PATHS}); the first problem found. */
    public static Optional<String> problemWith(Collection<String> paths) {
        if (paths == null || paths.isEmpty()) {
            return Optional.of("paths must name at least one path");
        }
        if (paths.size() > MAX_PATHS) {
            return Optional.of("paths names " + paths.size() + " paths; at most " + MAX_PATHS + " are allowed");
        }
        for (String p : paths) {
            Optional<String> problem = problemWith(p);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** The selected paths as given, duplicates dropped. */
    public List<String> paths() {
        return paths;
    }

    /** The selected paths the archive does not hold; a restore of a selection with any of them is refused. */
    public Set<String> missing() {
        return missing;
    }

    /**
     * The earlier backups whose archives hold files this selection needs (an increment's); only meaningful when
     * {@link #needsAllHolders()} is false.
     */
    public Set<String> holders() {
        return holders;
    }

    /**
     * Whether every backup the increment depends on may be needed: a hard link in the selection names a file
     * outside it, and which backup holds that file is not known from one pass over the manifest.
     */
    public boolean needsAllHolders() {
        return allHolders;
    }

    /** Files the selection restores (hard links counted as files), and the bytes of those stored as files. */
    public long files() {
        return files;
    }

    public long bytes() {
        return bytes;
    }

    /** Whether the entry at {@code path} is selected: one of the paths or under one of them. */
    boolean includes(String path) {
        if (roots.contains(path)) {
            return true;
        }
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            if (roots.contains(path.substring(0, i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code path} is a folder above a selected path (restored with its metadata, nothing else of it). */
    boolean isAncestor(String path) {
        return ancestors.contains(path);
    }

    boolean isRoot(String path) {
        return roots.contains(path);
    }

    /**
     * For each file outside the selection that a selected hard link names: the first selected link, where its
     * content is written instead.
     */
    Map<String, String> substitutes() {
        return substitutes;
    }

    /** Collects a selection from the archive's listing, entry by entry. */
    static final class Builder {
        private final List<String> paths;
        private final Selection probe;
        private final Set<String> found = new java.util.HashSet<>();
        private final Map<String, String> substitutes = new HashMap<>();
        private final Set<String> holders = new java.util.HashSet<>();
        private long files;
        private long bytes;

        Builder(Collection<String> requested) {
            problemWith(requested).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            this.paths = new ArrayList<>(new LinkedHashSet<>(requested));
            this.probe = new Selection(paths, Set.of(), Map.of(), Set.of(), false, 0, 0);
        }

        /** Starts over: an increment's manifest replaces what its archive's own entries said. */
        void reset() {
            found.clear();
            substitutes.clear();
            holders.clear();
            files = 0;
            bytes = 0;
        }

        void add(Restorer.ContentEntry entry) {
            String path = entry.path();
            if (probe.isRoot(path)) {
                found.add(path);
            }
            if (!probe.includes(path) || entry.type() == null) {
                return;
            }
            switch (entry.type()) {
                case FILE -> {
                    files++;
                    bytes += entry.size();
                    if (entry.from() != null) {
                        holders.add(entry.from());
                    }
                }
                case HARDLINK -> {
                    files++;
                    String target = EntryNames.stripSlash(entry.linkTarget() == null ? "" : entry.linkTarget());
                    if (!target.isEmpty() && !probe.includes(target)) {
                        substitutes.putIfAbsent(target, path);
                    }
                }
                default -> {
                    // folders, symlinks and FIFOs take no content
                }
            }
        }

        Selection build(boolean incremental) {
            Set<String> missing = new LinkedHashSet<>(paths);
            missing.removeAll(found);
            return new Selection(
                    paths, missing, substitutes, holders, incremental && !substitutes.isEmpty(), files, bytes);
        }
    }
}
