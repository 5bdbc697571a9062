package com.opscenter.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AudienceRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , "})
    void anEmptySettingMeansTheDefaultNeverAnyAudience(String setting) {
        var rule = AudienceRule.of(setting);
        assertThat(rule.expected()).containsExactly("ops-center");
        assertThat(rule.accepts(Set.of("ops-center"))).isTrue();
        assertThat(rule.accepts(Set.of("another-service"))).isFalse();
        assertThat(rule.accepts(Set.of())).isFalse();
        assertThat(rule.accepts(null)).isFalse();
    }

    @Test
    void anUnsetSettingMeansTheDefault() {
        assertThat(AudienceRule.of(null).expected()).containsExactly("ops-center");
    }

    @Test
    void aSetAudienceIsRequiredAndTheDefaultNoLongerCounts() {
        var rule = AudienceRule.of("backup-api");
        assertThat(rule.accepts(Set.of("backup-api", "other"))).isTrue();
        assertThat(rule.accepts(Set.of("ops-center"))).isFalse();
    }

    @Test
    void aListAcceptsAnyOfItsNamesAsLibertyReadsTheAttribute() {
        var rule = AudienceRule.of("a, b");
        assertThat(rule.accepts(Set.of("b"))).isTrue();
        assertThat(rule.accepts(Set.of("c"))).isFalse();
    }
}
