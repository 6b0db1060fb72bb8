package dev.clm.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds-checked UBJSON reader: the writer's output reads back; lengths that do not fit the bytes are refused before allocating. */
class UbjsonTest {
    static byte[] sample() {
        return new Ubjson.Writer().beginObject().key("f").floats(new float[] {1.5f, -2f}).key("i").ints(new int[] {7, -1})
                .key("n").integers(new long[] {0, 300, 70_000, 5_000_000_000L}).key("s").string("gbtree").key("e").emptyArray()
                .endObject().toBytes();
    }

    @Test
    void writerOutputReadsBack() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Ubjson.parse(sample());
        assertThat((float[]) m.get("f")).containsExactly(1.5f, -2f);
        assertThat((int[]) m.get("i")).containsExactly(7, -1);
        assertThat(m.get("n")).isEqualTo(List.of(0L, 300L, 70_000L, 5_000_000_000L));
        assertThat(m.get("s")).isEqualTo("gbtree");
        assertThat(m.get("e")).isEqualTo(List.of());
    }

    @Test
    void countsThatDoNotFitTheBytesAreRefusedWithoutAllocating() {
        byte[] b = sample();
        // the float array's count sits after '{', 'L' + 8-byte key length, "f", '[', '$', 'd', '#', 'L'
        int countAt = 1 + 9 + 1 + 5;
        for (long huge : new long[] {1L << 40, 0x4000_0000_1000_0000L, Long.MAX_VALUE, -1}) {
            byte[] c = b.clone();
            ByteBuffer.wrap(c).putLong(countAt, huge);
            assertThatThrownBy(() -> Ubjson.parse(c)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
        }
    }

    @Test
    void truncationAndTrailingBytesAndDeepNestingAreRefused() {
        byte[] b = sample();
        for (int cut = 1; cut < b.length; cut++) {
            byte[] t = Arrays.copyOf(b, cut);
            assertThatThrownBy(() -> Ubjson.parse(t)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] trailing = Arrays.copyOf(b, b.length + 1);
        assertThatThrownBy(() -> Ubjson.parse(trailing)).hasMessageContaining("after the end");
        byte[] deep = new byte[200];
        Arrays.fill(deep, (byte) '[');
        assertThatThrownBy(() -> Ubjson.parse(deep)).isInstanceOf(IllegalArgumentException.class);
    }
}
