package com.opscenter.platform.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose tasks run only when the test says so: one-off tasks are recorded with their delay, repeating
 * ones with their period, and a cancelled repeating task no longer runs.
 */
public class ManualTimer extends ScheduledThreadPoolExecutor {

    public final List<Duration> delays = new ArrayList<>();
    public final List<Runnable> pending = new ArrayList<>();
    public final List<Repeating> repeating = new ArrayList<>();

    public ManualTimer() {
        super(1);
    }

    public Duration lastDelay() {
        return delays.get(delays.size() - 1);
    }

    public void fireNext() {
        pending.remove(0).run();
    }

    /** One round of every repeating task that was not cancelled. */
    public void tick() {
        for (var task : List.copyOf(repeating)) {
            if (!task.isCancelled()) {
                task.command.run();
            }
        }
    }

    public List<Duration> periods() {
        return repeating.stream()
                .filter(t -> !t.isCancelled())
                .map(t -> t.period)
                .toList();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        delays.add(Duration.of(delay, unit.toChronoUnit()));
        pending.add(command);
        return null;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        var task = new Repeating(command, Duration.of(period, unit.toChronoUnit()));
        repeating.add(task);
        return task;
    }

    /** A repeating task the test runs with {@link #tick()}. */
    public static final class Repeating implements ScheduledFuture<Object> {
        final Runnable command;
        final Duration period;
        private volatile boolean cancelled;

        Repeating(Runnable command, Duration period) {
            this.command = command;
            this.period = period;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(period);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
