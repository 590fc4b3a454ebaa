package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerTarWriterTest {

    /** Every length at which the record's own length gains a digit must still count itself exactly. */
    @Test
    void paxRecordLengthCountsItself() {
        for (int n = 0; n < 1200; n++) {
            byte[] rec = LayerTarWriter.paxRecords(Map.of("k", "v".repeat(n).getBytes(StandardCharsets.UTF_8)));
            String text = new String(rec, StandardCharsets.UTF_8);
            assertThat(Integer.parseInt(text.substring(0, text.indexOf(' ')))).as("value length %d", n).isEqualTo(rec.length);
        }
    }

    @Test
    void mountinfoEscapesAreDecoded() {
        assertThat(MountTable.unescape("/a\\040b\\134c\\011d")).isEqualTo("/a b\\c\td");
        assertThat(MountTable.unescape("/plain")).isEqualTo("/plain");
    }
}
