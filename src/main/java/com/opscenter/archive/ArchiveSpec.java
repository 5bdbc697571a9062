package com.opscenter.archive;

import com.opscenter.archive.format.ArchiveFormat;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one archive is written from: its id and folder, the trees to read, what to leave out, the codec,
 * and what the sidecar records besides ({@code type}, {@code description}, {@code started}, {@code volumes},
 * {@code paths}, {@code installationId}, {@code schedule}: the engine stores these without interpreting them). {@code warnings} are what the caller already
 * knows the archive lacks; they come first in the sidecar's warnings and make the archive
 * {@code completed_with_warnings}.
 */
public record ArchiveSpec(
        String id,
        Path destination,
        List<Source> sources,
        List<String> excludePatterns,
        Codec codec,
        int level,
        String type,
        String description,
        Instant started,
        List<String> volumes,
        List<String> paths,
        List<String> warnings,
        String installationId,
        String schedule,
        Base base) {

    /**
     * The backup an increment is compared with: its id and its local index ({@link ArchiveFormat#indexPath}). A
     * file that matches its entry there is not stored again but listed as held by the backup that holds it.
     */
    public record Base(String id, Path index) {
        public Base {
            if (!ArchiveFormat.isValidId(id)) {
                throw new IllegalArgumentException("invalid base backup id '" + id + "'");
            }
            Objects.requireNonNull(index, "index");
        }
    }

    /**
     * One tree to back up, stored in the archive under {@code archivePrefix} ({@code volumes/db}, ...); {@code hooks}
     * (may be null) run around its reading.
     */
    public record Source(String archivePrefix, Path root, SourceHooks hooks) {
        public Source(String archivePrefix, Path root) {
            this(archivePrefix, root, null);
        }

        public Source withHooks(SourceHooks newHooks) {
            return new Source(archivePrefix, root, newHooks);
        }

        public Source {
            Objects.requireNonNull(root, "root");
            if (archivePrefix == null
                    || archivePrefix.isEmpty()
                    || archivePrefix.startsWith("/")
                    || archivePrefix.endsWith("/")
                    || (archivePrefix.split("/")[0] + "/").equals(ArchiveFormat.RESERVED_PREFIX)
                    || (archivePrefix.split("/")[0] + "/").equals(ArchiveFormat.DUMPS_PREFIX)
                    || List.of(archivePrefix.split("/", -1)).stream()
                            .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
                throw new IllegalArgumentException("invalid archive prefix '" + archivePrefix + "'");
            }
        }
    }

    public ArchiveSpec {
        if (!ArchiveFormat.isValidId(id)) {
            throw new IllegalArgumentException("invalid backup id '" + id + "'");
        }
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(started, "started");
        sources = List.copyOf(sources);
        excludePatterns = List.copyOf(excludePatterns == null ? List.of() : excludePatterns);
        volumes = List.copyOf(volumes == null ? List.of() : volumes);
        paths = List.copyOf(paths == null ? List.of() : paths);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
        if (!codec.acceptsLevel(level)) {
            throw new IllegalArgumentException("level " + level + " is not valid for " + codec.configName());
        }
    }

    /** An archive for no schedule or installation, with nothing known missing beforehand (engine tests, tools). */
    public ArchiveSpec(
            String id,
            Path destination,
            List<Source> sources,
            List<String> excludePatterns,
            Codec codec,
            int level,
            String type,
            String description,
            Instant started,
            List<String> volumes,
            List<String> paths) {
        this(
                id,
                destination,
                sources,
                excludePatterns,
                codec,
                level,
                type,
                description,
                started,
                volumes,
                paths,
                List.of(),
                null,
                null,
                null);
    }

    /** A manual gzip backup with no exclusions, taken now. */
    public static ArchiveSpec of(String id, Path destination, List<Source> sources) {
        return new ArchiveSpec(
                id,
                destination,
                sources,
                List.of(),
                Codec.DEFAULT,
                Codec.DEFAULT.defaultLevel(),
                "manual",
                null,
                Instant.now(),
                List.of(),
                List.of());
    }

    public ArchiveSpec withCodec(Codec newCodec, int newLevel) {
        return new ArchiveSpec(
                id,
                destination,
                sources,
                excludePatterns,
                newCodec,
                newLevel,
                type,
                description,
                started,
                volumes,
                paths,
                warnings,
                installationId,
                schedule,
                base);
    }

    /** The same archive of {@code newSources}, with {@code moreWarnings} after the warnings known so far. */
    public ArchiveSpec withSources(List<Source> newSources, List<String> moreWarnings) {
        var allWarnings = new java.util.ArrayList<>(warnings);
        allWarnings.addAll(moreWarnings);
        return new ArchiveSpec(
                id,
                destination,
                newSources,
                excludePatterns,
                codec,
                level,
                type,
                description,
                started,
                volumes,
                paths,
                allWarnings,
                installationId,
                schedule,
                base);
    }

    public ArchiveSpec withExcludes(List<String> patterns) {
        return new ArchiveSpec(
                id,
                destination,
                sources,
                patterns,
                codec,
                level,
                type,
                description,
                started,
                volumes,
                paths,
                warnings,
                installationId,
                schedule,
                base);
    }

    /** The same archive as an increment of {@code newBase} (null: a full backup). */
    public ArchiveSpec withBase(Base newBase) {
        return new ArchiveSpec(
                id,
                destination,
                sources,
                excludePatterns,
                codec,
                level,
                type,
                description,
                started,
                volumes,
                paths,
                warnings,
                installationId,
                schedule,
                newBase);
    }

    /** Where the finished archive will be. */
    public Path archivePath() {
        return ArchiveFormat.archivePath(destination, id, codec);
    }
}
