package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuListTest {
    @Test
    void listsAndRangesWithinWhatIsAvailable() {
        CpuList available = CpuList.parse("0-3,8");
        assertThat(CpuList.parse("1,3").within(available)).isTrue();
        assertThat(CpuList.parse("0-3,8").within(available)).isTrue();
        assertThat(CpuList.parse("2-4").within(available)).isFalse();
        assertThat(CpuList.parse("9").within(available)).isFalse();
    }

    @Test
    void malformedListsAreRefused() {
        for (String bad : new String[] {"abc", "1-", "-1", "3-1", "1,,2", "1-2-3", "0x1"}) {
            assertThatThrownBy(() -> CpuList.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
