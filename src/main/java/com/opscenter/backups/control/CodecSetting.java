package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads a codec setting by its configuration name ({@code gzip}, {@code zstd}, ...), the way the API and the
 * database name it; an implicit enum converter would want the constant's name. Registered in
 * META-INF/services.
 */
public class CodecSetting implements Converter<Codec> {

    @Override
    public Codec convert(String value) {
        return value == null || value.isBlank() ? null : Codec.fromName(value);
    }
}
