package com.opscenter.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's promtool; a missing binary is a failure, never a skip. */
final class Promtool {

    record Result(int exitCode, String output) {}

    private Promtool() {}

    static Result run(Path workingDir, String stdin, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool " + args[0] + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
