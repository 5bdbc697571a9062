package com.opscenter.cloud.control;

/**
 * A bandwidth cap shared by every part of an upload: callers take bytes and sleep when they are ahead of the
 * allowed rate. A rate of 0 lets everything through.
 */
final class Throttle {

    private final long bytesPerSecond;
    private long allowedAtNanos;

    Throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.allowedAtNanos = System.nanoTime();
    }

    void take(int bytes) throws InterruptedException {
        if (bytesPerSecond <= 0 || bytes <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            var now = System.nanoTime();
            // No credit for idle time beyond a fraction of a second: a cap is a cap, not an average.
            allowedAtNanos = Math.max(allowedAtNanos, now - 200_000_000L);
            allowedAtNanos += bytes * 1_000_000_000L / bytesPerSecond;
            wait = allowedAtNanos - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }
}
