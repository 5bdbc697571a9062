package com.opscenter.backups.control;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the manifest ({@code .ops-center/manifest.jsonl}, the last entry of every archive). The manifest
 * is JSON Lines: a first line {@code {"manifest_version":1,"backup_id":...,"created":...}}, then one object per
 * archive entry in archive order:
 * {@code {"path":"volumes/db/a.txt","type":"file","size":12,"mode":"0644","mtime":"2025-10-23T02:00:00.123Z",
 * "sha256":"...","target":null,"uid":0,"gid":0,"user":"root","group":"root"}}.
 * Paths have no trailing slash; {@code sha256} is set for files only, {@code target} for symlinks (the link
 * text) and hard links (the archive path of the first name); {@code size} is 0 except for files.
 */
public record ManifestEntry(
        String path,
        EntryType type,
        long size,
        int mode,
        Instant mtime,
        String sha256,
        String target,
        long uid,
        long gid,
        String user,
        String group) {

    public static final int VERSION = 1;

    static String headerLine(String backupId, Instant created) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manifest_version", VERSION);
        m.put("backup_id", backupId);
        m.put("created", created.toString());
        return Json.write(m);
    }

    String toJsonLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("type", type.jsonName());
        m.put("size", size);
        m.put("mode", String.format("%04o", mode));
        m.put("mtime", mtime.toString());
        m.put("sha256", sha256);
        m.put("target", target);
        m.put("uid", uid);
        m.put("gid", gid);
        m.put("user", user);
        m.put("group", group);
        return Json.write(m);
    }

    /** Parses an entry line; returns null for the header line. Throws IllegalArgumentException if malformed. */
    static ManifestEntry fromJsonLine(String line) {
        Map<String, Object> m = Json.parseObject(line);
        if (m.containsKey("manifest_version")) {
            return null;
        }
        try {
            return new ManifestEntry(
                    (String) m.get("path"),
                    EntryType.fromJsonName((String) m.get("type")),
                    (Long) m.get("size"),
                    Integer.parseInt((String) m.get("mode"), 8),
                    Instant.parse((String) m.get("mtime")),
                    (String) m.get("sha256"),
                    (String) m.get("target"),
                    m.get("uid") instanceof Long l ? l : 0L,
                    m.get("gid") instanceof Long l ? l : 0L,
                    (String) m.get("user"),
                    (String) m.get("group"));
        } catch (ClassCastException | NullPointerException | NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed manifest line: " + e, e);
        }
    }
}
