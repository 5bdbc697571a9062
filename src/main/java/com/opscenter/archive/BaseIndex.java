package com.opscenter.archive;

import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.zip.GZIPInputStream;

/**
 * A base backup's local index ({@code <id>.index.jsonl.gz}) read one line at a time: the header is checked on
 * open, then {@link #next} gives the entries in walk order. Anything malformed is an {@link IOException} or an
 * {@link IllegalArgumentException} (a newer version: {@link com.opscenter.archive.format.UnsupportedVersionException}).
 */
final class BaseIndex implements Closeable {

    private final BufferedReader reader;
    private final Instant created;
    private long entriesRead;

    BaseIndex(Path index) throws IOException {
        if (!Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(index.getFileName() + " is missing or not a regular file");
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        reader = new BufferedReader(
                new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(index, LinkOption.NOFOLLOW_LINKS), 64 * 1024),
                        decoder),
                64 * 1024);
        try {
            String header = reader.readLine();
            if (header == null || Manifest.parseLine(header) != null) {
                throw new IllegalArgumentException("no header line");
            }
            try (JsonReader json = Json.createReader(new StringReader(header))) {
                created = Instant.parse(json.readObject().getString("created"));
            } catch (JsonException | ClassCastException | NullPointerException | DateTimeParseException e) {
                throw new IllegalArgumentException("header without its time: " + e.getMessage(), e);
            }
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Whether {@code index} can serve as a base: a regular file whose header is of a version this code reads. */
    static boolean usable(Path index) {
        try (BaseIndex ignored = new BaseIndex(index)) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The next entry, or null at the end. */
    ManifestEntry next() throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        ManifestEntry e = Manifest.parseLine(line);
        if (e == null) {
            throw new IllegalArgumentException("a second header line");
        }
        entriesRead++;
        return e;
    }

    /** When the base backup started: what it read was changed no later than that. */
    Instant created() {
        return created;
    }

    long entriesRead() {
        return entriesRead;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
