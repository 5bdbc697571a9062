package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void noHeaderMeansTheWholeFile() {
        assertThat(ByteRange.parse(null, 100)).isEmpty();
    }

    @Test
    void closedOpenAndSuffixRangesAreUnderstood() {
        assertThat(ByteRange.parse("bytes=10-19", 100)).contains(new ByteRange(10, 19));
        assertThat(ByteRange.parse("bytes=90-", 100)).contains(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-5", 100)).contains(new ByteRange(95, 99));
        assertThat(ByteRange.parse("bytes=50-500", 100)).contains(new ByteRange(50, 99));
        assertThat(ByteRange.parse("bytes=10-19", 100).orElseThrow().length()).isEqualTo(10);
    }

    @Test
    void rangesBeyondTheFileAreUnsatisfiable() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=20-10", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void malformedOrMultipleRangesFallBackToTheWholeFile() {
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isEmpty();
        assertThat(ByteRange.parse("items=0-1", 100)).isEmpty();
        assertThat(ByteRange.parse("bytes=-", 100)).isEmpty();
        assertThat(ByteRange.parse("bytes=99999999999999999999-", 100)).isEmpty();
    }
}
