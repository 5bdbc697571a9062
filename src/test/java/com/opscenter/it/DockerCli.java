package com.opscenter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real Docker Engine through its own CLI, so the tests do not share code with what they test. */
public final class DockerCli {

    private DockerCli() {}

    /** Runs {@code docker args...}; fails the test on a non-zero exit. Returns trimmed standard output. */
    public static String docker(String... args) {
        var result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    "docker " + String.join(" ", args) + " exited " + result.exitCode() + ": " + result.output());
        }
        return result.output().strip();
    }

    public static boolean succeeds(String... args) {
        return run(args).exitCode() == 0;
    }

    public static Path mountpoint(String volume) {
        return Path.of(docker("volume", "inspect", "-f", "{{.Mountpoint}}", volume));
    }

    /** An image without any program: enough for containers that are created, never started. */
    public static void importImage(String tag, String content, Path workDir) throws IOException {
        var root = Files.createDirectories(workDir.resolve("rootfs-" + tag.replaceAll("[^a-z0-9]", "-")));
        Files.writeString(root.resolve("nothing"), content);
        var tar = workDir.resolve(root.getFileName() + ".tar");
        Processes.check("tar", "-C", root.toString(), "-cf", tar.toString(), ".");
        docker("import", tar.toString(), tag);
    }

    private static Processes.Result run(String... args) {
        var command = new ArrayList<String>();
        command.add("docker");
        command.addAll(List.of(args));
        return Processes.command(command).run();
    }
}
