package com.opscenter.archive.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What a hostile container does to a folder the service works in as root: moves a random subfolder {@code d<n>}
 * of the current root away and puts a link to the victim in its place, or undoes that, as fast as it can until
 * closed. Failures (the code under test removed something first) just mean the next try.
 */
public final class FolderSwapper implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong swaps = new AtomicLong();
    private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final int folders;

    public FolderSwapper(Path root, Path victim, int folders) {
        this(() -> root, victim, folders);
    }

    public FolderSwapper(Supplier<Path> root, Path victim, int folders) {
        this.folders = folders;
        thread = new Thread(() -> swap(root, victim), "swapper");
        thread.start();
    }

    private void swap(Supplier<Path> roots, Path victim) {
        var random = ThreadLocalRandom.current();
        while (!stop.get()) {
            var root = roots.get();
            var name = root.resolve("d" + random.nextInt(folders));
            var away = root.resolve(name.getFileName() + ".away");
            try {
                if (Files.isSymbolicLink(name)) {
                    Files.delete(name);
                    Files.move(away, name);
                } else {
                    Files.move(name, away);
                    Files.createSymbolicLink(name, victim);
                    swaps.incrementAndGet();
                }
            } catch (IOException e) {
                // raced with the code under test or with ourselves: try another
            } catch (RuntimeException e) {
                unexpected.add(e);
            }
        }
    }

    public long swaps() {
        return swaps.get();
    }

    /** Stops swapping; a race with no swap at all would prove nothing. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join();
        assertThat(unexpected).isEmpty();
        assertThat(swaps.get()).as("swaps made").isPositive();
    }
}
