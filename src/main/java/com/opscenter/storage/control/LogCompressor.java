package com.opscenter.storage.control;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips rotated log files ({@code app.log.1}, {@code app.log.2024-01-01}, {@code syslog.3}) and any log not
 * modified for a while, in place: {@code x} becomes {@code x.gz} with the same content, permissions and
 * modification time. The original goes only after the compressed copy is safely on disk, and not at all if
 * it changed while being compressed. A recently written file with another name is never touched.
 */
public final class LogCompressor {

    private static final Pattern ROTATED = Pattern.compile(".+\\.(\\d+|\\d{4}-?\\d{2}-?\\d{2}([T_-]?\\d{2,6})?)");
    private static final Set<String> COMPRESSED = Set.of("gz", "tgz", "zst", "xz", "bz2", "lz4", "zip", "7z");

    private LogCompressor() {}

    /** What was (or, in a dry run, would be) compressed, the bytes that freed, and what failed. */
    public record Result(List<Path> compressed, long freedBytes, List<String> errors) {}

    public static Result compress(List<Path> dirs, Duration olderThan, Instant now, boolean dryRun) {
        var candidates = new ArrayList<Path>();
        var errors = new ArrayList<String>();
        var cutoff = now.minus(olderThan);
        for (var dir : dirs) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                collect(dir, cutoff, candidates, errors);
            }
        }
        if (dryRun) {
            return new Result(candidates, 0, errors);
        }
        var compressed = new ArrayList<Path>();
        long freed = 0;
        for (var file : candidates) {
            try {
                freed += gzip(file);
                compressed.add(file);
            } catch (IOException e) {
                errors.add(file + ": " + TreeWalker.describe(e));
            }
        }
        return new Result(compressed, freed, errors);
    }

    static boolean isCandidate(String name, Instant modified, Instant cutoff) {
        var lower = name.toLowerCase(Locale.ROOT);
        var dot = lower.lastIndexOf('.');
        if (dot >= 0 && COMPRESSED.contains(lower.substring(dot + 1))) {
            return false;
        }
        return ROTATED.matcher(lower).matches() || modified.isBefore(cutoff);
    }

    private static void collect(Path dir, Instant cutoff, List<Path> candidates, List<String> errors) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()
                            && !file.getFileName().toString().startsWith(".")
                            && isCandidate(
                                    file.getFileName().toString(),
                                    attributes.lastModifiedTime().toInstant(),
                                    cutoff)) {
                        candidates.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    errors.add(file + ": " + TreeWalker.describe(e));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            errors.add(dir + ": " + TreeWalker.describe(e));
        }
    }

    /** Compresses one file; returns the bytes saved. */
    static long gzip(Path file) throws IOException {
        var target = file.resolveSibling(file.getFileName() + ".gz");
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "compressed copy already exists");
        }
        var before = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        // Hidden temporary name in the same directory: the rename below is then atomic and nobody rotates it.
        var temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".gz.tmp");
        try {
            try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                    var channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    var out = new GZIPOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                in.transferTo(out);
                out.finish();
                channel.force(true);
            }
            var after = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (after.size() != before.size() || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
                throw new IOException("changed while being compressed; left as it is");
            }
            copyOwnership(before, temp);
            Files.setLastModifiedTime(temp, before.lastModifiedTime());
            var saved = before.size() - Files.size(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(file.getParent());
            Files.delete(file);
            return saved;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void copyOwnership(PosixFileAttributes original, Path copy) throws IOException {
        var view = Files.getFileAttributeView(copy, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setPermissions(original.permissions());
        var current = view.readAttributes();
        if (!current.owner().equals(original.owner())) {
            view.setOwner(original.owner());
        }
        if (!current.group().equals(original.group())) {
            view.setGroup(original.group());
        }
    }

    /** Makes the rename durable before the original is deleted. */
    private static void syncDirectory(Path dir) throws IOException {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
