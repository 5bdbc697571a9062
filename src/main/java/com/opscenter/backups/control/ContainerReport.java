package com.opscenter.backups.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backup did to the containers that mount its volumes: which it stopped or paused and for how long, and
 * the commands it ran in them with their exit codes. Kept in the catalog and the sidecar as one JSON object
 * (integers only, as every sidecar value): {@code {"containers":[...],"hooks":[...]}}.
 */
public record ContainerReport(List<Quiesced> containers, List<Hook> hooks) {

    /** Most characters the catalog keeps; beyond it the output tails are shortened, then dropped. */
    static final int MAX_CHARS = 60_000;

    public static final ContainerReport EMPTY = new ContainerReport(List.of(), List.of());

    /** {@code action} is {@code stopped} or {@code paused}; {@code until} null while it still is. */
    public record Quiesced(
            String container, String action, List<String> volumes, Instant since, Instant until, String problem) {
        public Quiesced {
            volumes = List.copyOf(volumes);
        }

        public Duration downtime() {
            return until == null ? Duration.ZERO : Duration.between(since, until);
        }
    }

    /** {@code kind} is {@code pre}, {@code post} or {@code dump}; {@code exitCode} null when it did not end. */
    public record Hook(
            String container,
            String kind,
            Long exitCode,
            Duration duration,
            String outputTail,
            String dumpFile,
            String problem) {}

    public ContainerReport {
        containers = List.copyOf(containers);
        hooks = List.copyOf(hooks);
    }

    public boolean isEmpty() {
        return containers.isEmpty() && hooks.isEmpty();
    }

    /** All the time containers spent stopped or paused. */
    public Duration downtime() {
        return containers.stream().map(Quiesced::downtime).reduce(Duration.ZERO, Duration::plus);
    }

    public JsonObject toJson() {
        var full = toJson(Integer.MAX_VALUE);
        if (full.toString().length() <= MAX_CHARS) {
            return full;
        }
        var shortTails = toJson(256);
        return shortTails.toString().length() <= MAX_CHARS ? shortTails : toJson(0);
    }

    private JsonObject toJson(int tailChars) {
        var list = Json.createArrayBuilder();
        for (var c : containers) {
            var o = Json.createObjectBuilder()
                    .add("container", c.container())
                    .add("action", c.action())
                    .add("volumes", Json.createArrayBuilder(c.volumes()))
                    .add("since", c.since().toString());
            nullable(o, "until", c.until() == null ? null : c.until().toString());
            o.add("downtime_ms", c.downtime().toMillis());
            nullable(o, "problem", c.problem());
            list.add(o);
        }
        var hookList = Json.createArrayBuilder();
        for (var h : hooks) {
            var o = Json.createObjectBuilder().add("container", h.container()).add("kind", h.kind());
            if (h.exitCode() == null) {
                o.addNull("exit_code");
            } else {
                o.add("exit_code", h.exitCode());
            }
            o.add("duration_ms", h.duration().toMillis());
            var tail = h.outputTail() == null ? "" : h.outputTail();
            o.add("output_tail", tail.length() <= tailChars ? tail : "…" + tail.substring(tail.length() - tailChars));
            nullable(o, "dump_file", h.dumpFile());
            nullable(o, "problem", h.problem());
            hookList.add(o);
        }
        return Json.createObjectBuilder()
                .add("containers", list)
                .add("hooks", hookList)
                .build();
    }

    /** Reads what {@link #toJson} wrote; null or blank is the empty report. */
    public static ContainerReport fromJson(String json) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            return fromJson(reader.readObject());
        }
    }

    public static ContainerReport fromJson(JsonObject m) {
        var containers = new ArrayList<Quiesced>();
        for (var v : array(m, "containers")) {
            var o = v.asJsonObject();
            var volumes = new ArrayList<String>();
            array(o, "volumes").forEach(n -> volumes.add(((JsonString) n).getString()));
            var until = string(o, "until");
            containers.add(new Quiesced(
                    string(o, "container"),
                    string(o, "action"),
                    volumes,
                    Instant.parse(string(o, "since")),
                    until == null ? null : Instant.parse(until),
                    string(o, "problem")));
        }
        var hooks = new ArrayList<Hook>();
        for (var v : array(m, "hooks")) {
            var o = v.asJsonObject();
            hooks.add(new Hook(
                    string(o, "container"),
                    string(o, "kind"),
                    o.get("exit_code") instanceof JsonNumber n ? n.longValue() : null,
                    Duration.ofMillis(o.get("duration_ms") instanceof JsonNumber n ? n.longValue() : 0),
                    string(o, "output_tail"),
                    string(o, "dump_file"),
                    string(o, "problem")));
        }
        return new ContainerReport(containers, hooks);
    }

    private static void nullable(JsonObjectBuilder o, String key, String value) {
        if (value == null) {
            o.addNull(key);
        } else {
            o.add(key, value);
        }
    }

    private static JsonArray array(JsonObject o, String key) {
        return o.get(key) instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
    }

    private static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }
}
