package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadTest {

    private static final long BUDGET = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void filesOfEverySizeArriveWholeAndInOrderWhileSlabsAreAllocatedOnlyUpToTheBudget() throws IOException {
        // Sizes that change all the time, as in a tree of sources and documents: tiny, a few KB, a slab and more.
        Random random = new Random(13);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int size = switch (i % 7) {
                case 0 -> 0;
                case 1 -> random.nextInt(512);
                case 2, 3 -> random.nextInt(16 << 10);
                case 4 -> random.nextInt(100 << 10);
                case 5 -> ReadAhead.CHUNK + random.nextInt(3) - 1;
                default -> random.nextInt(700 << 10);
            };
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = dir.resolve(String.format("f%05d", i));
            Files.write(file, content);
            files.add(file);
        }

        List<Path> seen = new ArrayList<>();
        long allocated;
        try (ReadAhead readAhead = new ReadAhead(3, BUDGET, ra -> walk(ra, files), Thread::new)) {
            for (ReadAhead.Item item; (item = readAhead.next()) != null; ) {
                if (item.job == null) {
                    continue;
                }
                readAhead.startConsuming(item.job);
                assertThat(item.job.awaitOpened()).isNull();
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                for (long remaining = item.job.size; remaining > 0; ) {
                    ReadAhead.Chunk chunk = item.job.take();
                    content.write(chunk.data, chunk.offset, chunk.length);
                    readAhead.release(chunk);
                    remaining -= chunk.length;
                }
                assertThat(item.job.awaitDone()).isFalse();
                assertThat(content.toByteArray()).as(item.name).isEqualTo(Files.readAllBytes(item.path));
                seen.add(item.path);
                readAhead.finished(item);
            }
            allocated = readAhead.allocatedBytes();
        }
        assertThat(seen).containsExactlyElementsOf(files);
        // About 290 MB went through; the slabs were allocated once: buffers per file size came and went, so a backup
        // of small files allocated (and promoted) nearly half its content.
        assertThat(allocated).isLessThanOrEqualTo(BUDGET + (long) ReadAhead.HEAD_EXTRA * ReadAhead.CHUNK);
    }

    private static void walk(ReadAhead readAhead, List<Path> files) throws IOException {
        for (Path file : files) {
            Map<String, Object> attrs =
                    Files.readAttributes(file, SourceWalker.STAT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            readAhead.addEntry(null, null, file, file.getFileName().toString(), attrs, Files.size(file), null);
        }
    }
}
