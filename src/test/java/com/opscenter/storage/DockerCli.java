package com.opscenter.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real Docker Engine through its own CLI, so the tests do not share code with what they test. */
final class DockerCli {

    private DockerCli() {}

    /** Runs {@code docker args...}; fails the test on a non-zero exit. Returns trimmed standard output. */
    static String docker(String... args) {
        var result = run(args);
        if (result.exit() != 0) {
            throw new AssertionError(
                    "docker " + String.join(" ", args) + " exited " + result.exit() + ": " + result.output());
        }
        return result.output().strip();
    }

    static boolean succeeds(String... args) {
        return run(args).exit() == 0;
    }

    static Path mountpoint(String volume) {
        return Path.of(docker("volume", "inspect", "-f", "{{.Mountpoint}}", volume));
    }

    /** An image without any program: enough for containers that are created, never started. */
    static void importImage(String tag, String content, Path workDir) throws IOException {
        var root = Files.createDirectories(workDir.resolve("rootfs-" + tag.replaceAll("[^a-z0-9]", "-")));
        Files.writeString(root.resolve("nothing"), content);
        var tar = workDir.resolve(root.getFileName() + ".tar");
        exec(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."));
        docker("import", tar.toString(), tag);
    }

    private record Result(int exit, String output) {}

    private static Result run(String... args) {
        var command = new ArrayList<String>();
        command.add("docker");
        command.addAll(List.of(args));
        return exec(command);
    }

    private static Result exec(List<String> command) {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError(command + " could not run: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
