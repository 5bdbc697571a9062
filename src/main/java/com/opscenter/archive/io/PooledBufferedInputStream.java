package com.opscenter.archive.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A {@link BufferedInputStream} of {@link HeapBuffers#SIZE} whose array comes from there and goes back on close. */
public final class PooledBufferedInputStream extends BufferedInputStream {

    public PooledBufferedInputStream(InputStream in) {
        super(in, 1);
        this.buf = HeapBuffers.take();
    }

    @Override
    public void close() throws IOException {
        byte[] array = buf; // close() sets it to null; a mark past the array's size would have replaced it
        try {
            super.close();
        } finally {
            HeapBuffers.give(array);
        }
    }
}
