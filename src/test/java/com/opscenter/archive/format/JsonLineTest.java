package com.opscenter.archive.format;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The entry lines are what the JSON-P generator wrote for them before (archives and indexes of earlier versions). */
class JsonLineTest {

    private static final String[] NAMES = {
        "a",
        "dir/file.txt",
        "quote\"and\\backslash",
        "tab\tnew\nline\rcr\bbs\ffeed",
        "ctl\u0001\u001f\u007f",
        "unicode é ü 日本 \uD83D\uDE00",
        "slash/../x",
        "\u2028sep",
        ""
    };

    @Test
    void entryAndIndexLinesAreWhatTheJsonGeneratorWrites() {
        Random random = new Random(7);
        for (int i = 0; i < 5000; i++) {
            ManifestEntry e = randomEntry(random, i);
            assertThat(Manifest.entryLine(e)).isEqualTo(generated(e, false));
            assertThat(Manifest.indexLine(e)).isEqualTo(generated(e, true));
            assertThat(Manifest.parseLine(Manifest.indexLine(e))).isEqualTo(e);
        }
    }

    @Test
    void timesPrintAsInstantDoesAcrossTheYearsAndFractions() {
        Random random = new Random(11);
        long[] seconds = {
            0,
            -1,
            1,
            -62_167_219_200L,
            -62_167_219_201L,
            253_402_300_799L,
            253_402_300_800L,
            951_782_400L,
            -2_208_988_800L,
            Instant.MAX.getEpochSecond(),
            Instant.MIN.getEpochSecond()
        };
        int[] nanos = {0, 1, 999_999_999, 5_000_000, 120_000, 123_456_789, 100, 1_000, 1_000_000};
        for (long s : seconds) {
            for (int n : nanos) {
                check(Instant.ofEpochSecond(s, n));
            }
        }
        for (int i = 0; i < 20_000; i++) {
            check(Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 300_000_000_000L), nano(random)));
        }
    }

    private static void check(Instant t) {
        StringBuilder sb = new StringBuilder();
        JsonLine.appendInstant(sb, t);
        assertThat(sb.toString()).isEqualTo(t.toString());
    }

    private static int nano(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
    }

    private static ManifestEntry randomEntry(Random random, int i) {
        String name = NAMES[random.nextInt(NAMES.length)] + i;
        EntryType type = EntryType.values()[random.nextInt(EntryType.values().length)];
        boolean held = type == EntryType.FILE && random.nextBoolean();
        ManifestEntry e = new ManifestEntry(
                        name,
                        type,
                        random.nextInt(3) == 0 ? 0 : random.nextLong(Long.MAX_VALUE),
                        random.nextInt(010000),
                        Instant.ofEpochSecond(random.nextLong(-3_000_000_000L, 5_000_000_000L), nano(random)),
                        random.nextBoolean() ? null : "ab".repeat(32),
                        random.nextBoolean() ? null : NAMES[random.nextInt(NAMES.length)],
                        random.nextInt(70_000),
                        random.nextLong(5_000_000_000L),
                        random.nextBoolean() ? null : NAMES[random.nextInt(NAMES.length)],
                        random.nextBoolean() ? null : "staff")
                .withIdentity(
                        random.nextBoolean() ? null : Instant.ofEpochSecond(random.nextInt(), nano(random)),
                        random.nextBoolean() ? -1 : random.nextLong(Long.MAX_VALUE),
                        random.nextBoolean() ? -1 : random.nextInt(1 << 20));
        return held
                ? e.heldBy("backup-20260101-000000", random.nextBoolean() ? null : "other/" + name, "cd".repeat(32))
                : e;
    }

    /** The lines as Manifest wrote them with the JSON-P generator until 2026-12. */
    private static String generated(ManifestEntry e, boolean index) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.createGeneratorFactory(Map.of()).createGenerator(out)) {
            g.writeStartObject();
            g.write("path", e.path())
                    .write("type", e.type().jsonName())
                    .write("size", e.size())
                    .write("mode", String.format("%04o", e.mode()))
                    .write("mtime", e.mtime().toString());
            nullable(g, "sha256", e.heldElsewhere() && !index ? null : e.sha256());
            nullable(g, "target", e.target());
            g.write("uid", e.uid()).write("gid", e.gid());
            nullable(g, "user", e.user());
            nullable(g, "group", e.group());
            if (e.from() != null) {
                g.write("from", e.from());
                if (e.source() != null) {
                    g.write("source", e.source());
                }
            }
            if (index) {
                if (e.ctime() != null) {
                    g.write("ctime", e.ctime().toString());
                }
                if (e.inode() >= 0) {
                    g.write("ino", e.inode());
                }
                if (e.device() >= 0) {
                    g.write("dev", e.device());
                }
            }
            g.writeEnd();
        }
        return out.toString();
    }

    private static void nullable(JsonGenerator g, String key, String value) {
        if (value == null) {
            g.writeNull(key);
        } else {
            g.write(key, value);
        }
    }
}
