package com.opscenter.console.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.annotation.WebFilter;
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

    @Test
    void letsTheApisSuspendedRequestsThrough() {
        // Mapped on /*, it is in the chain of every API call; verify, contents and restore suspend theirs, and
        // Liberty refuses a suspended request behind a filter that does not allow it (SRVE8503E).
        var filter = ConsoleHeaders.class.getAnnotation(WebFilter.class);
        assertThat(filter.urlPatterns()).contains("/*");
        assertThat(filter.asyncSupported()).isTrue();
    }
}
