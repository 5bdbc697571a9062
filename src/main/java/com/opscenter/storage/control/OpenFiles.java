package com.opscenter.storage.control;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The regular files that running processes hold open, by device and inode, read from {@code /proc/<pid>/fd}. It
 * sees what the service may see: as root, every process of its PID namespace; a writer in a container whose
 * processes it cannot see is not found here, which is why log clean-up also waits for a file to be idle.
 */
final class OpenFiles {

    private static final Path PROC = Path.of("/proc");

    private final Map<Object, Long> holders;

    private OpenFiles(Map<Object, Long> holders) {
        this.holders = holders;
    }

    static OpenFiles scan() {
        var holders = new HashMap<Object, Long>();
        if (!Files.isDirectory(PROC)) {
            return new OpenFiles(holders);
        }
        try (var processes = Files.newDirectoryStream(
                PROC, entry -> isNumber(entry.getFileName().toString()))) {
            for (var process : processes) {
                var pid = Long.parseLong(process.getFileName().toString());
                collect(process.resolve("fd"), pid, holders);
            }
        } catch (IOException | RuntimeException e) {
            // /proc unreadable as a whole: nothing known to be open; the idle time still guards
        }
        return new OpenFiles(holders);
    }

    private static void collect(Path fds, long pid, Map<Object, Long> holders) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(fds)) {
            for (var fd : descriptors) {
                try {
                    // Follows the descriptor's link on purpose: it names the open file itself, deleted or not.
                    var attributes = Files.readAttributes(fd, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        holders.putIfAbsent(attributes.fileKey(), pid);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended, or is not ours to look at
        }
    }

    /** Which process holds the file open, as "process 123 (nginx)". */
    Optional<String> holder(Object fileKey) {
        var pid = holders.get(fileKey);
        return pid == null ? Optional.empty() : Optional.of("process " + pid + " (" + command(pid) + ")");
    }

    private static String command(long pid) {
        try {
            return Files.readString(PROC.resolve(pid + "/comm")).strip();
        } catch (IOException e) {
            return "ended";
        }
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
