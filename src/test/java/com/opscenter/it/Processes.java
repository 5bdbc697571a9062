package com.opscenter.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one way tests run a child process (docker, aws, promtool, tar, prometheus, Liberty's server script): output
 * is collected on its own thread, and a process that outlives its timeout is killed with its children and fails
 * the test with the command and what it printed. A hung child cannot hang the build.
 */
public final class Processes {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private Processes() {}

    /** What a finished command left: its exit code and its standard output and error, interleaved. */
    public record Result(int exitCode, String output) {}

    /** A command to run; {@link #run()} waits for it, {@link #background(Path)} does not. */
    public static Command command(List<String> command) {
        return new Command(List.copyOf(command));
    }

    public static Command command(String... command) {
        return command(List.of(command));
    }

    /** Runs the command with the default timeout; any exit code is returned, a timeout fails. */
    public static Result run(String... command) {
        return command(command).run();
    }

    /** Runs the command and fails the test unless it exits 0; answers its output. */
    public static String check(String... command) {
        var result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    public static final class Command {
        private final List<String> command;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Path directory;
        private Map<String, String> environment = Map.of();
        private byte[] stdin;

        private Command(List<String> command) {
            this.command = command;
        }

        public Command timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Command directory(Path directory) {
            this.directory = directory;
            return this;
        }

        public Command environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        public Command stdin(String input) {
            this.stdin = input == null ? null : input.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        private ProcessBuilder builder() {
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            return builder;
        }

        /** Waits for the command, at most the timeout; then kills it and fails with its output so far. */
        public Result run() {
            Process process;
            try {
                process = builder().start();
            } catch (IOException e) {
                throw new AssertionError(
                        this + " could not run (is it installed? .ci/run installs every tool the tests call): " + e, e);
            }
            var output = new ByteArrayOutputStream();
            var reader = drain(process.getInputStream(), output);
            try {
                try (var in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                } catch (IOException e) {
                    // The command exited without reading its input; its exit code and output say why.
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                    reader.join(5_000);
                    throw new AssertionError(this + " did not finish within " + timeout
                            + " and was killed; its output:\n" + text(output));
                }
                reader.join(10_000);
                return new Result(process.exitValue(), text(output));
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new AssertionError(this + " interrupted", e);
            }
        }

        /**
         * Starts a long-running command (a Prometheus, say) with its output in {@code log}; closing the handle
         * stops it, within the timeout, or kills it.
         */
        public Background background(Path log) {
            try {
                return new Background(builder().redirectOutput(log.toFile()).start(), this, timeout, log);
            } catch (IOException e) {
                throw new AssertionError(this + " could not start: " + e, e);
            }
        }

        @Override
        public String toString() {
            return String.join(" ", command);
        }
    }

    /** A started command that the test stops when done. */
    public record Background(Process process, Command command, Duration stopTimeout, Path logFile)
            implements AutoCloseable {

        public boolean alive() {
            return process.isAlive();
        }

        public String output() {
            try {
                return Files.exists(logFile) ? Files.readString(logFile) : "(no output)";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream into) {
        var thread = new Thread(
                () -> {
                    var buffer = new byte[8192];
                    try (in) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            synchronized (into) {
                                into.write(buffer, 0, n);
                            }
                        }
                    } catch (IOException e) {
                        // The process was killed; what was read so far is the output.
                    }
                },
                "process-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
