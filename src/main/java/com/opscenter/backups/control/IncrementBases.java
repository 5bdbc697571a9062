package com.opscenter.backups.control;

import com.opscenter.archive.ArchiveSpec;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.backups.entity.Backup;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Decides what an incremental backup is built on (issue 16). The base is the newest completed backup of exactly
 * the same volumes and paths whose archive and local index are on disk and whose own chain is whole; a failed,
 * running or missing backup never is one. A new full backup is taken instead when there is no such base, when the
 * chain's full backup is older than {@code full_every_days}, or when the base already is the
 * {@code full_every_increments}-th increment on it; the decision then says why.
 */
public class IncrementBases {

    /**
     * How many backups of the same volumes and paths are looked at, newest first. After an upgrade every older
     * backup lacks an index; looking through thousands of them on each backup would find none.
     */
    static final int MAX_CANDIDATES = 50;

    private final BackupCatalog catalog;
    private final Clock clock;

    public IncrementBases(BackupCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * What a backup is built on: {@code base} null for a full backup, with {@code reason} saying why an increment
     * became one (null when a full backup was asked for).
     */
    public record Decision(Backup base, String reason) {

        public static Decision full(String reason) {
            return new Decision(null, reason);
        }

        public boolean incremental() {
            return base != null;
        }

        public String mode() {
            return base == null ? "full" : "incremental";
        }

        /** What the writer compares with: the base's id and local index; null for a full backup. */
        public ArchiveSpec.Base spec() {
            return base == null ? null : new ArchiveSpec.Base(base.id(), indexPath(base));
        }

        /**
         * What the new backup may hold content of until its archive says exactly: the base's own holders and the
         * base, oldest first. Recorded while it runs, so retention keeps them.
         */
        public List<String> holders() {
            if (base == null) {
                return List.of();
            }
            var holders = new LinkedHashSet<>(base.dependsOn());
            holders.add(base.id());
            return List.copyOf(holders);
        }
    }

    /** The base for an increment of {@code volumes} and {@code paths}, or a full backup and why. */
    public Decision choose(List<String> volumes, List<String> paths, int fullEveryDays, int fullEveryIncrements) {
        String refused = null;
        Backup base = null;
        int looked = 0;
        for (var id : catalog.completedWith(volumes, paths)) {
            if (looked++ >= MAX_CANDIDATES) {
                break;
            }
            var candidate = catalog.find(id);
            if (candidate.isEmpty()) {
                continue;
            }
            var problem = unusable(candidate.get());
            if (problem.isEmpty()) {
                base = candidate.get();
                break;
            }
            if (refused == null) {
                refused = "backup " + id + " cannot be built on: " + problem.get();
            }
        }
        if (base == null) {
            return Decision.full(
                    refused != null ? refused : "no completed backup of the same volumes and paths to build on");
        }
        var problem = chainProblem(base, fullEveryDays, fullEveryIncrements);
        return problem.isPresent() ? Decision.full(problem.get()) : new Decision(base, null);
    }

    /** Why a completed backup cannot be a base, if it cannot. */
    private Optional<String> unusable(Backup backup) {
        if (!backup.status().isComplete()) {
            return Optional.of("it is " + backup.status().wireName());
        }
        if (!archiveOnDisk(backup)) {
            return Optional.of("its archive is not in " + backup.location());
        }
        if (!Files.isRegularFile(indexPath(backup), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("its index " + indexPath(backup).getFileName() + " is not in " + backup.location()
                    + " (taken before increments existed, or removed)");
        }
        for (var holder : backup.dependsOn()) {
            var held = catalog.find(holder);
            if (held.isEmpty()) {
                return Optional.of("backup " + holder + ", which it depends on, is gone");
            }
            if (!held.get().status().isComplete() || !archiveOnDisk(held.get())) {
                return Optional.of("backup " + holder + ", which it depends on, is missing");
            }
        }
        return Optional.empty();
    }

    /**
     * Follows the base's links back to the full backup its chain began from. A chain that cannot be followed (a
     * link no longer in the catalog) starts again with a full backup: its age and length are unknown.
     */
    private Optional<String> chainProblem(Backup base, int fullEveryDays, int fullEveryIncrements) {
        var link = base;
        int increments = 0;
        var seen = new HashSet<String>();
        seen.add(base.id());
        // At most full_every_increments steps: a longer chain needs a full backup whatever its age.
        while (link.incremental() && increments < fullEveryIncrements) {
            var previous = link.baseId();
            var next = previous == null || !seen.add(previous)
                    ? null
                    : catalog.find(previous).orElse(null);
            if (next == null) {
                return Optional.of("the chain of backup " + base.id() + " cannot be followed back to its full backup"
                        + (previous == null ? "" : " (backup " + previous + " is gone)"));
            }
            link = next;
            increments++;
        }
        if (increments >= fullEveryIncrements) {
            return Optional.of("backup " + base.id() + " already is increment number " + increments + " since the"
                    + " chain's full backup" + (link.incremental() ? "" : " " + link.id()) + " (full_every_increments: "
                    + fullEveryIncrements + ")");
        }
        var oldest = clock.instant().minus(Duration.ofDays(fullEveryDays));
        if (link.startedAt().isBefore(oldest)) {
            return Optional.of("the chain's full backup " + link.id() + " is older than " + fullEveryDays + " day(s)"
                    + " (full_every_days)");
        }
        return Optional.empty();
    }

    private static boolean archiveOnDisk(Backup backup) {
        return backup.archiveFile() != null
                && Files.isRegularFile(
                        Path.of(backup.location()).resolve(backup.archiveFile()), LinkOption.NOFOLLOW_LINKS);
    }

    /** The local index of a backup, next to its archive. */
    static Path indexPath(Backup backup) {
        return ArchiveFormat.indexPath(Path.of(backup.location()), backup.id());
    }
}
