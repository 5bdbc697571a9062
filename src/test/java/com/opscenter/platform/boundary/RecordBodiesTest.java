package com.opscenter.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordBodiesTest {

    public record Item(
            String fileName, long sizeBytes, @JsonbNillable String lastError, String note, List<String> tags) {}

    public record Page(List<Item> items, boolean complete) {}

    /** Remembers whether it was closed: the response stream belongs to the container. */
    static final class Response extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    private static Response write(Record body, MediaType type) throws IOException {
        var out = new Response();
        new RecordBodies()
                .writeTo(
                        body,
                        body.getClass(),
                        body.getClass(),
                        new Annotation[0],
                        type,
                        new MultivaluedHashMap<>(),
                        out);
        return out;
    }

    @Test
    void writesWhatTheWireFormatWritesAndLeavesTheStreamOpen() throws IOException {
        var page = new Page(
                List.of(
                        new Item("a \"quoted\" name", 12, null, null, List.of("x", "y")),
                        new Item("ünïcödé ✓", Long.MAX_VALUE, "disk full", "kept", List.of())),
                true);

        var out = write(page, MediaType.APPLICATION_JSON_TYPE);

        assertThat(out.closed).isFalse();
        var json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).isEqualTo(WireFormat.jsonb().toJson(page));
        assertThat(json)
                .isEqualTo("{\"complete\":true,\"items\":[{\"file_name\":\"a \\\"quoted\\\" name\",\"last_error\":null,"
                        + "\"size_bytes\":12,\"tags\":[\"x\",\"y\"]},{\"file_name\":\"ünïcödé ✓\",\"last_error\":"
                        + "\"disk full\",\"note\":\"kept\",\"size_bytes\":9223372036854775807,\"tags\":[]}]}");
    }

    @Test
    void aLargeBodyComesThroughWhole() throws IOException {
        var items = java.util.stream.IntStream.range(0, 20_000)
                .mapToObj(i -> new Item("file-" + i, i, null, null, List.of()))
                .toList();
        var page = new Page(items, false);

        var out = write(page, MediaType.APPLICATION_JSON_TYPE);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(WireFormat.jsonb().toJson(page));
    }

    @Test
    void encodesInTheCharsetTheMediaTypeNames() throws IOException {
        var item = new Item("é", 1, null, null, List.of());

        var latin1 = write(item, MediaType.APPLICATION_JSON_TYPE.withCharset("ISO-8859-1"));
        var unknown = write(item, new MediaType("application", "json", Map.of("charset", "no-such-charset")));

        assertThat(latin1.toByteArray()).contains((byte) 0xE9).doesNotContain((byte) 0xC3);
        assertThat(unknown.toString(StandardCharsets.UTF_8)).contains("\"file_name\":\"é\"");
    }

    @Test
    void takesOnlyRecordsAnsweredAsJson() {
        var writer = new RecordBodies();
        var none = new Annotation[0];

        assertThat(writer.isWriteable(Item.class, Item.class, none, MediaType.APPLICATION_JSON_TYPE))
                .isTrue();
        assertThat(writer.isWriteable(
                        Item.class, Item.class, none, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")))
                .isTrue();
        assertThat(writer.isWriteable(Item.class, Item.class, none, MediaType.TEXT_PLAIN_TYPE))
                .isFalse();
        assertThat(writer.isWriteable(Item.class, Item.class, none, MediaType.WILDCARD_TYPE))
                .isFalse();
        assertThat(writer.isWriteable(String.class, String.class, none, MediaType.APPLICATION_JSON_TYPE))
                .isFalse();
        assertThat(writer.isWriteable(List.class, List.class, none, MediaType.APPLICATION_JSON_TYPE))
                .isFalse();
    }
}
