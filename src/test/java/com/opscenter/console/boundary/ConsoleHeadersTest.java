package com.opscenter.console.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleHeadersTest {

    @Test
    void coversTheConsoleAndTheRootOnly() {
        assertThat(ConsoleHeaders.consolePath("/")).isTrue();
        assertThat(ConsoleHeaders.consolePath("")).isTrue();
        assertThat(ConsoleHeaders.consolePath("/console")).isTrue();
        assertThat(ConsoleHeaders.consolePath("/console/")).isTrue();
        assertThat(ConsoleHeaders.consolePath("/console/js/oidc.js")).isTrue();
        assertThat(ConsoleHeaders.consolePath("/consoles")).isFalse();
        assertThat(ConsoleHeaders.consolePath("/api/v1/console/config")).isFalse();
        assertThat(ConsoleHeaders.consolePath("/health")).isFalse();
    }
}
