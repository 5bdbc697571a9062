package com.opscenter.audit.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditTextTest {

    @Test
    void plainTextIsKeptAsItIs() {
        assertThat(AuditText.neutral("backup-20251023-020000 /srv/data/ünïcode"))
                .isEqualTo("backup-20251023-020000 /srv/data/ünïcode");
        assertThat(AuditText.neutral(null)).isNull();
    }

    @Test
    void lineBreaksCannotStartAForgedRow() {
        assertThat(AuditText.neutral("x\n2025-01-01 admin backup.delete SUCCESS\r"))
                .isEqualTo("x\\n2025-01-01 admin backup.delete SUCCESS\\r")
                .doesNotContain("\n", "\r");
    }

    @Test
    void otherControlCharactersDelAndC1AreEscaped() {
        assertThat(AuditText.neutral("a\u0000b\u001b[31mc\u007fd\u0085e\tf"))
                .isEqualTo("a\\u0000b\\u001b[31mc\\u007fd\\u0085e\\tf");
    }

    @Test
    void separatorsAndBidiOverridesAreEscaped() {
        assertThat(AuditText.neutral("a\u2028b\u202ecba\u2066")).isEqualTo("a\\u2028b\\u202ecba\\u2066");
    }

    @Test
    void aBackslashIsDoubledSoAnEscapeCannotBeSpelledByTheCaller() {
        assertThat(AuditText.neutral("C:\\n")).isEqualTo("C:\\\\n");
        assertThat(AuditText.neutral("C:\\n")).isNotEqualTo(AuditText.neutral("C:\n"));
    }
}
