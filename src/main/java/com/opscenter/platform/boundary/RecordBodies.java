package com.opscenter.platform.boundary;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * Writes the wire records as JSON straight into the response, with the one {@link WireFormat} configuration. The
 * server's own JSON-B writer first builds the whole answer as a String, copies it into a byte array and only then
 * writes it: three copies of every answer, about 15 MB for the spec's whole list of 10,000 backups, and a third of
 * what a page of the backup list allocated under load.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class RecordBodies implements MessageBodyWriter<Record> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord() && isJson(mediaType);
    }

    @Override
    public void writeTo(
            Record body,
            Class<?> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, Object> headers,
            OutputStream entityStream)
            throws IOException {
        // JSON-B closes the writer when it is done, which flushes it; the response stream is the container's to close.
        WireFormat.jsonb().toJson(body, new OutputStreamWriter(new KeptOpen(entityStream), charset(mediaType)));
    }

    static boolean isJson(MediaType mediaType) {
        return mediaType != null
                && "application".equalsIgnoreCase(mediaType.getType())
                && "json".equalsIgnoreCase(mediaType.getSubtype());
    }

    /** The charset the media type names; JSON's own UTF-8 when it names none or one this JVM does not know. */
    static Charset charset(MediaType mediaType) {
        var name = mediaType.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Flushes instead of closing, and writes arrays through in one call rather than byte by byte. */
    private static final class KeptOpen extends FilterOutputStream {

        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
