package com.opscenter.archive;

import com.opscenter.archive.format.EntryType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What the archive holds for one entry, as spilled to the temporary file. */
record SeenEntry(String path, EntryType type, long size, int mode, long mtimeSeconds, byte[] sha256, String target) {

    static void write(DataOutputStream out, SeenEntry s) throws IOException {
        writeString(out, s.path);
        out.writeByte(s.type.ordinal());
        out.writeLong(s.size);
        out.writeInt(s.mode);
        out.writeLong(s.mtimeSeconds);
        out.writeBoolean(s.sha256 != null);
        if (s.sha256 != null) {
            out.write(s.sha256);
        }
        out.writeBoolean(s.target != null);
        if (s.target != null) {
            writeString(out, s.target);
        }
    }

    static SeenEntry read(DataInputStream in) throws IOException {
        String path;
        try {
            path = readString(in);
        } catch (EOFException end) {
            return null;
        }
        EntryType type = EntryType.values()[in.readByte()];
        long size = in.readLong();
        int mode = in.readInt();
        long mtime = in.readLong();
        byte[] sha = null;
        if (in.readBoolean()) {
            sha = in.readNBytes(32);
        }
        String target = in.readBoolean() ? readString(in) : null;
        return new SeenEntry(path, type, size, mode, mtime, sha, target);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
