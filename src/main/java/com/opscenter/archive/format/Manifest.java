package com.opscenter.archive.format;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The manifest ({@link ArchiveFormat#MANIFEST_NAME}), the last entry of every archive: JSON Lines in UTF-8. The
 * first line is the header {@code {"manifest_version":1,"backup_id":"backup-...","created":"2025-10-23T02:00:00Z"}},
 * then one line per archive entry in archive order, as described by {@link ManifestEntry}. Also the JSON helpers
 * the sidecar shares: one compact object per line, keys in a fixed order, integers only.
 */
public final class Manifest {

    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private Manifest() {}

    /** The header line, without the line break. */
    public static String headerLine(String backupId, Instant created) {
        return headerLine(backupId, created, ArchiveFormat.MANIFEST_VERSION_WITHOUT_FIFOS);
    }

    /** The header line of the given version, without the line break. */
    public static String headerLine(String backupId, Instant created, int version) {
        return write(g -> g.write("manifest_version", version)
                .write("backup_id", backupId)
                .write("created", created.toString()));
    }

    /**
     * One entry's line as the archive stores it, without the line break: no change-detection data, and no
     * {@code sha256} for content another backup holds (its own manifest has it; leaving it out keeps an increment
     * of an unchanged tree small).
     */
    public static String entryLine(ManifestEntry e) {
        return entry(e, false);
    }

    /**
     * One entry's line in the local index ({@link ArchiveFormat#indexPath}), without the line break: the archive's
     * line plus the {@code sha256} of content held elsewhere and {@code ctime}, {@code ino}, {@code dev}, what the
     * next increment compares against.
     */
    public static String indexLine(ManifestEntry e) {
        return entry(e, true);
    }

    private static String entry(ManifestEntry e, boolean index) {
        JsonLine line = new JsonLine()
                .string("path", e.path())
                .string("type", e.type().jsonName())
                .number("size", e.size())
                .octal("mode", e.mode())
                .time("mtime", e.mtime())
                .string("sha256", e.heldElsewhere() && !index ? null : e.sha256())
                .string("target", e.target())
                .number("uid", e.uid())
                .number("gid", e.gid())
                .string("user", e.user())
                .string("group", e.group());
        if (e.from() != null) {
            line.string("from", e.from());
            if (e.source() != null) {
                line.string("source", e.source());
            }
        }
        if (index) {
            if (e.ctime() != null) {
                line.time("ctime", e.ctime());
            }
            if (e.inode() >= 0) {
                line.number("ino", e.inode());
            }
            if (e.device() >= 0) {
                line.number("dev", e.device());
            }
        }
        return line.end();
    }

    /**
     * Parses a line (of a manifest or an index): the entry, or null for the header line. Throws
     * {@link UnsupportedVersionException} for a header of a newer version, {@link IllegalArgumentException} for
     * anything malformed.
     */
    public static ManifestEntry parseLine(String line) {
        JsonObject m = parseObject(line);
        if (m.containsKey("manifest_version")) {
            ArchiveFormat.requireKnownVersion(
                    "manifest", number(m, "manifest_version", -1), ArchiveFormat.MANIFEST_VERSION);
            return null;
        }
        try {
            String from = string(m, "from");
            if (from != null && !ArchiveFormat.isValidId(from)) {
                throw new IllegalArgumentException("'from' is not a backup id");
            }
            String source = string(m, "source");
            if (source != null && source.isEmpty()) {
                throw new IllegalArgumentException("'source' is empty");
            }
            String ctime = string(m, "ctime");
            return new ManifestEntry(
                    requiredString(m, "path"),
                    EntryType.fromJsonName(string(m, "type")),
                    requiredNumber(m, "size"),
                    Integer.parseInt(requiredString(m, "mode"), 8),
                    Instant.parse(requiredString(m, "mtime")),
                    string(m, "sha256"),
                    string(m, "target"),
                    number(m, "uid", 0),
                    number(m, "gid", 0),
                    string(m, "user"),
                    string(m, "group"),
                    ctime == null ? null : Instant.parse(ctime),
                    number(m, "ino", -1),
                    number(m, "dev", -1),
                    from,
                    source);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed manifest line: " + e, e);
        }
    }

    // ---- JSON helpers shared with the sidecar

    static String write(Consumer<JsonGenerator> fields) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = GENERATORS.createGenerator(out)) {
            g.writeStartObject();
            fields.accept(g);
            g.writeEnd();
        }
        return out.toString();
    }

    static void writeNullable(JsonGenerator g, String key, String value) {
        if (value == null) {
            g.writeNull(key);
        } else {
            g.write(key, value);
        }
    }

    /** Our objects are two levels deep; this leaves room and keeps a parser's recursion short. */
    static final int MAX_DEPTH = 16;

    /** The longest number token accepted: a long has 19 digits; longer ones cost a parser time for nothing. */
    static final int MAX_NUMBER_CHARS = 40;

    /** One JSON object; {@link IllegalArgumentException} on anything else. */
    static JsonObject parseObject(String text) {
        requireTame(text);
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * One pass over the text before any parser sees it: nesting deeper than {@value #MAX_DEPTH} or a number
     * longer than {@value #MAX_NUMBER_CHARS} characters is refused, whatever JSON-P implementation the server
     * has (deep nesting can overflow a recursive reader's stack; a number of a million digits costs seconds).
     */
    static void requireTame(String text) {
        int depth = 0;
        int numberRun = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("malformed JSON: nested deeper than " + MAX_DEPTH + " levels");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
            boolean numberChar = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
            numberRun = numberChar ? numberRun + 1 : 0;
            if (numberRun > MAX_NUMBER_CHARS) {
                throw new IllegalArgumentException(
                        "malformed JSON: a number longer than " + MAX_NUMBER_CHARS + " characters");
            }
        }
    }

    /** A string value, or null when absent or null; any other type is malformed. */
    static String string(JsonObject m, String key) {
        JsonValue v = m.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException("'" + key + "' is not a string");
    }

    static String requiredString(JsonObject m, String key) {
        String s = string(m, key);
        if (s == null) {
            throw new IllegalArgumentException("'" + key + "' missing or not a string");
        }
        return s;
    }

    /** An integer value, or {@code absent} when the key is missing or not an integer. */
    static long number(JsonObject m, String key, long absent) {
        if (m.get(key) instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                return absent;
            }
        }
        return absent;
    }

    static long requiredNumber(JsonObject m, String key) {
        if (m.get(key) instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + key + "' is out of range");
            }
        }
        throw new IllegalArgumentException("'" + key + "' missing or not an integer");
    }
}
