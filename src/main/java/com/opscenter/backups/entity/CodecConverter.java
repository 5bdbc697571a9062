package com.opscenter.backups.entity;

import com.opscenter.archive.Codec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a codec by its configuration name ({@code gzip}, {@code zstd}, ...), the column values of old. */
@Converter(autoApply = false)
public class CodecConverter implements AttributeConverter<Codec, String> {

    @Override
    public String convertToDatabaseColumn(Codec codec) {
        return codec == null ? null : codec.configName();
    }

    @Override
    public Codec convertToEntityAttribute(String name) {
        return name == null ? null : Codec.fromName(name);
    }
}
