package com.opscenter.archive.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.opscenter.archive.Codec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Alone: the pool is the process's, and archive tests in other classes take from it too. */
@Isolated
class HeapBuffersTest {

    @BeforeEach
    void emptyThePool() {
        while (HeapBuffers.pooled() > 0) {
            HeapBuffers.take();
        }
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(11).nextBytes(b);
        return b;
    }

    @Test
    void anArrayGivenBackIsTheNextOneTaken() {
        byte[] first = HeapBuffers.take();
        assertThat(first).hasSize(HeapBuffers.SIZE);

        HeapBuffers.give(first);

        assertThat(HeapBuffers.pooled()).isEqualTo(1);
        assertThat(HeapBuffers.take()).isSameAs(first);
        assertThat(HeapBuffers.pooled()).isZero();
        assertThat(HeapBuffers.take()).isNotSameAs(first);
    }

    @Test
    void arraysOfOtherSizesAndNullAreNotKept() {
        HeapBuffers.give(new byte[HeapBuffers.SIZE - 1]);
        HeapBuffers.give(null);

        assertThat(HeapBuffers.pooled()).isZero();
    }

    @Test
    void atMostTheRetainedNumberIsKept() {
        for (int i = 0; i < HeapBuffers.RETAINED + 5; i++) {
            HeapBuffers.give(new byte[HeapBuffers.SIZE]);
        }

        assertThat(HeapBuffers.pooled()).isEqualTo(HeapBuffers.RETAINED);
    }

    @Test
    void aPooledBufferedStreamReadsThroughItsArrayAndGivesItBackOnceWhenClosed() throws IOException {
        byte[] data = data(3 * HeapBuffers.SIZE + 17);
        var in = new PooledBufferedInputStream(new ByteArrayInputStream(data));
        byte[] head = new byte[100];
        assertThat(in.read(head)).isEqualTo(100); // small reads go through the buffer
        byte[] rest = in.readAllBytes();

        assertThat(HeapBuffers.pooled()).isZero();
        in.close();
        in.close();

        assertThat(HeapBuffers.pooled()).isEqualTo(1);
        assertThat(head).isEqualTo(Arrays.copyOf(data, 100));
        assertThat(rest).isEqualTo(Arrays.copyOfRange(data, 100, data.length));
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }

    @Test
    void aDecompressorGivesBothOfItsBuffersBackWhenClosed() throws IOException {
        byte[] data = data(2 * HeapBuffers.SIZE);
        byte[] compressed = Zstd.compress(data, 3);

        byte[] read;
        try (InputStream in = Codec.ZSTD.decompress(new ByteArrayInputStream(compressed))) {
            read = in.readAllBytes();
        }

        assertThat(read).isEqualTo(data);
        assertThat(HeapBuffers.pooled()).isEqualTo(2);
    }

    @Test
    void aReadAheadGivesItsChunksBackAfterItsThreadEndedButNotTheOneBeingRead() throws IOException {
        byte[] data = data(6 * HeapBuffers.SIZE + 5);
        var source = new ByteArrayInputStream(data);
        var in = new ReadAheadInputStream(source, HeapBuffers.SIZE, 4, Thread::new);
        byte[] first = new byte[HeapBuffers.SIZE / 2];
        assertThat(in.readNBytes(first, 0, first.length)).isEqualTo(first.length);
        // The first chunk is being read, four wait in the queue and the thread holds the sixth, waiting for room.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (source.available() > 5 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(source.available()).isEqualTo(5);

        in.close();

        int pooled = HeapBuffers.pooled();
        assertThat(pooled).isBetween(4, 5); // the sixth too if its wait for room ended before the close
        // Every array kept is a distinct one: none was given back twice.
        Set<byte[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        List<byte[]> taken = new ArrayList<>();
        for (int i = 0; i < pooled; i++) {
            taken.add(HeapBuffers.take());
        }
        distinct.addAll(taken);
        assertThat(distinct).hasSize(pooled);
        assertThat(first).isEqualTo(Arrays.copyOf(data, first.length));
    }

    @Test
    void aReadAheadReadToItsEndDeliversEveryByteFromPooledChunks() throws IOException {
        byte[] data = data(5 * HeapBuffers.SIZE + 3);
        for (int round = 0; round < 2; round++) { // the second round reads into the first round's arrays
            byte[] read;
            try (var in = new ReadAheadInputStream(new ByteArrayInputStream(data), HeapBuffers.SIZE, 4, Thread::new)) {
                read = in.readAllBytes();
            }
            assertThat(read).isEqualTo(data);
            assertThat(HeapBuffers.pooled()).isPositive();
        }
    }
}
