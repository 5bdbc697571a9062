package com.opscenter.audit.control;

import com.opscenter.audit.entity.AuditOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anonymous denied requests, aggregated: per client address, the first in a window is kept as it came, and the
 * rest of the window becomes one row with a count once the window is over. A caller without a token can then
 * write no more than two rows a minute per address, whatever it sends. Beyond {@code maxSources} addresses in
 * flight, new ones share one window, so memory stays bounded too.
 */
public final class DeniedBursts {

    public static final String ACTION = "anonymous.denied";
    static final String MANY_SOURCES = "(many addresses)";

    private final Clock clock;
    private final Duration window;
    private final int maxSources;
    private final Map<String, Burst> bursts = new HashMap<>();

    private static final class Burst {
        final Instant start;
        int suppressed;
        Instant last;
        String lastRequest;

        Burst(Instant start) {
            this.start = start;
        }
    }

    public DeniedBursts(Clock clock, Duration window, int maxSources) {
        this.clock = clock;
        this.window = window;
        this.maxSources = maxSources;
    }

    /** Whether an event is one of the aggregated kind: denied, and nobody signed in. */
    public static boolean applies(AuditEvent event) {
        return event.outcome() == AuditOutcome.DENIED && "anonymous".equals(event.actor());
    }

    /** The rows to write now for this denied request: itself when it opens a window, else none (it is counted). */
    public synchronized List<AuditEvent> admit(AuditEvent event) {
        var now = clock.instant();
        var rows = new ArrayList<AuditEvent>();
        var key = event.clientAddress() == null ? "" : event.clientAddress();
        var burst = bursts.get(key);
        if (burst != null && !now.isBefore(burst.start.plus(window))) {
            bursts.remove(key);
            summary(key, burst).ifPresent(rows::add);
            burst = null;
        }
        if (burst == null && !bursts.containsKey(key) && bursts.size() >= maxSources) {
            key = MANY_SOURCES;
            burst = bursts.get(key);
        }
        if (burst == null) {
            bursts.put(key, new Burst(now));
            rows.add(event);
        } else {
            burst.suppressed++;
            burst.last = now;
            burst.lastRequest = event.action() + " " + (event.target() == null ? "" : event.target());
        }
        return rows;
    }

    /** The summaries of every window that is over; called by a timer. */
    public synchronized List<AuditEvent> closeEnded() {
        var now = clock.instant();
        var rows = new ArrayList<AuditEvent>();
        var ended = bursts.entrySet().iterator();
        while (ended.hasNext()) {
            var entry = ended.next();
            if (!now.isBefore(entry.getValue().start.plus(window))) {
                ended.remove();
                summary(entry.getKey(), entry.getValue()).ifPresent(rows::add);
            }
        }
        return rows;
    }

    private static java.util.Optional<AuditEvent> summary(String address, Burst burst) {
        if (burst.suppressed == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new AuditEvent(
                burst.last,
                "anonymous",
                ACTION,
                null,
                AuditOutcome.DENIED,
                address.isEmpty() ? null : address,
                burst.suppressed + " more anonymous requests denied from " + burst.start + " to " + burst.last
                        + "; last: " + burst.lastRequest,
                burst.suppressed));
    }
}
