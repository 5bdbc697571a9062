package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WalkThreadsTest {

    @Test
    void walksRunAtTheLowestPrioritySoRequestsAreNotQueuedBehindThem() throws Exception {
        try (var threads = new WalkThreads(2, Executors.defaultThreadFactory())) {
            var priority = new CompletableFuture<Integer>();
            threads.execute(() -> priority.complete(Thread.currentThread().getPriority()));

            assertThat(priority.get(1, TimeUnit.MINUTES)).isEqualTo(Thread.MIN_PRIORITY);
        }
    }

    @Test
    void atLeastOneThreadIsRequired() {
        assertThatThrownBy(() -> new WalkThreads(0, Executors.defaultThreadFactory()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storage.walk.threads");
    }
}
