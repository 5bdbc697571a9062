package com.opscenter.backups.control;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The containers of the Docker Engine as a backup sees them: which mount a volume, with their labels and state;
 * stopping, starting, pausing them; and commands run inside them ({@code sh -c}), bounded in time.
 */
@ApplicationScoped
public class DockerContainers {

    /** One container that mounts a volume: its id, name (without the leading slash), labels and state. */
    public record Mounting(String id, String name, Map<String, String> labels, String state) {
        public Mounting {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        public boolean running() {
            return "running".equals(state);
        }
    }

    /**
     * What a command did: its exit code (null when it did not end in time or could not run), how long it took,
     * the tail of what it printed (standard error only, when standard output went elsewhere), and why it failed.
     */
    public record CommandRun(Long exitCode, Duration duration, String outputTail, String problem) {
        public boolean succeeded() {
            return problem == null && exitCode != null && exitCode == 0;
        }
    }

    private DockerClient docker;
    private Clock clock;

    /** For the container's client proxy. */
    protected DockerContainers() {}

    @Inject
    public DockerContainers(DockerClient docker, Clock clock) {
        this.docker = docker;
        this.clock = clock;
    }

    /**
     * Containers, running or not, that mount the Docker volume {@code volume} or bind-mount the folder
     * {@code folder} (a folder volume, or a Docker volume's mount point).
     */
    public List<Mounting> mounting(String volume, Path folder) {
        var all = engine(() -> docker.listContainersCmd().withShowAll(true).exec());
        var found = new ArrayList<Mounting>();
        for (Container c : all) {
            if (c.getMounts() == null) {
                continue;
            }
            var mounts = c.getMounts().stream()
                    .anyMatch(m -> volume.equals(m.getName())
                            || (folder != null
                                    && m.getSource() != null
                                    && Path.of(m.getSource()).normalize().equals(folder.normalize())));
            if (mounts) {
                found.add(new Mounting(c.getId(), name(c), c.getLabels(), c.getState()));
            }
        }
        found.sort(java.util.Comparator.comparing(Mounting::name));
        return found;
    }

    /** The container's state now ({@code running}, {@code paused}, {@code exited}, ...). */
    public String state(String id) {
        var state = engine(() -> docker.inspectContainerCmd(id).exec().getState());
        return state == null || state.getStatus() == null ? "unknown" : state.getStatus();
    }

    /** Stops it: SIGTERM (or its stop signal), then SIGKILL after {@code grace}. */
    public void stop(String id, Duration grace) {
        try {
            engine(() -> docker.stopContainerCmd(id)
                    .withTimeout((int) Math.max(1, grace.toSeconds()))
                    .exec());
        } catch (NotModifiedException e) {
            // already stopped
        }
    }

    public void start(String id) {
        try {
            engine(() -> docker.startContainerCmd(id).exec());
        } catch (NotModifiedException e) {
            // already running
        }
    }

    public void pause(String id) {
        engine(() -> docker.pauseContainerCmd(id).exec());
    }

    public void unpause(String id) {
        engine(() -> docker.unpauseContainerCmd(id).exec());
    }

    /**
     * Runs {@code sh -c command} in the running container and waits at most {@code timeout}. Standard output goes to
     * {@code stdout} when given (then only standard error is kept for the tail), into the tail otherwise; at most
     * {@code maxStdoutBytes} reach {@code stdout}, then the command is given up as failed. A command that does not
     * end in time keeps running in the container (the Engine cannot stop an exec): it is reported, not waited for.
     */
    public CommandRun exec(String id, String command, Duration timeout, OutputStream stdout, long maxStdoutBytes) {
        var started = clock.instant();
        var tail = new OutputTail(OutputTail.DEFAULT_BYTES);
        String execId;
        try {
            execId = engine(() -> docker.execCreateCmd(id)
                            .withCmd("sh", "-c", command)
                            .withAttachStdout(true)
                            .withAttachStderr(true)
                            .exec())
                    .getId();
        } catch (RuntimeException e) {
            return new CommandRun(null, since(started), "", "could not run: " + message(e));
        }
        var sink = new FrameSink(stdout, tail, maxStdoutBytes);
        try (var callback = docker.execStartCmd(execId).exec(sink)) {
            boolean ended = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (sink.problem != null) {
                return new CommandRun(null, since(started), tail.text(), sink.problem);
            }
            if (!ended) {
                return new CommandRun(
                        null, since(started), tail.text(), "did not end within " + timeout + " (it may still run)");
            }
            var exitCode = engine(() -> docker.inspectExecCmd(execId).exec()).getExitCodeLong();
            return new CommandRun(
                    exitCode,
                    since(started),
                    tail.text(),
                    exitCode == null ? "the Engine reported no exit code" : null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandRun(null, since(started), tail.text(), "interrupted");
        } catch (IOException | RuntimeException e) {
            return new CommandRun(null, since(started), tail.text(), message(e));
        }
    }

    private Duration since(Instant started) {
        return Duration.between(started, clock.instant());
    }

    /** Standard output to the caller's stream (bounded) or the tail; standard error to the tail. */
    private static final class FrameSink extends ResultCallback.Adapter<Frame> {
        private final OutputStream stdout;
        private final OutputTail tail;
        private final long max;
        private long written;
        volatile String problem;

        FrameSink(OutputStream stdout, OutputTail tail, long max) {
            this.stdout = stdout;
            this.tail = tail;
            this.max = max;
        }

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload == null || problem != null) {
                return;
            }
            if (stdout == null || frame.getStreamType() != StreamType.STDOUT) {
                tail.add(payload);
                return;
            }
            try {
                if (written + payload.length > max) {
                    problem = "its output is larger than the " + max + " bytes a dump may have";
                    close();
                    return;
                }
                stdout.write(payload);
                written += payload.length;
            } catch (IOException e) {
                problem = "its output could not be stored: " + e.getMessage();
                try {
                    close();
                } catch (IOException ignored) {
                    // closing a failed stream
                }
            }
        }
    }

    static String message(Throwable e) {
        return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    }

    private static String name(Container c) {
        var names = c.getNames();
        if (names == null || names.length == 0) {
            return c.getId().substring(0, Math.min(12, c.getId().length()));
        }
        return names[0].startsWith("/") ? names[0].substring(1) : names[0];
    }

    /** docker-java reports an unreachable Engine as a bare RuntimeException around an IOException. */
    private static <T> T engine(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new DockerEngineUnreachable("The Docker Engine cannot be reached: " + message(io));
            }
            throw e;
        }
    }
}
