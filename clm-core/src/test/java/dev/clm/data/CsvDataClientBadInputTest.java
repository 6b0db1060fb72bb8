package dev.clm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.BarSeries;
import dev.clm.api.InvalidDataException;
import dev.clm.api.InvalidNameException;
import dev.clm.data.CsvDataClient.InvalidRowPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes that are not UTF-8, prices that overflow log returns and file names that give no symbol. */
class CsvDataClientBadInputTest {
    @TempDir
    Path dir;

    /** Four bars; {@code row3} (the third data row, line 4) is given as raw bytes. */
    private Path fileWithRow3(String name, byte[] row3) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("open_time,open,high,low,close,volume\n1000,10,11,9,10.5,5\n2000,10.5,12,10,11,6\n"
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(row3);
        b.writeBytes("\r\n4000,11,11.5,10.5,11.2,4\n".getBytes(StandardCharsets.UTF_8));
        Path f = dir.resolve(name);
        Files.write(f, b.toByteArray());
        return f;
    }

    private static byte[] bytes(String ascii, int badByte, String rest) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
        b.write(badByte);
        b.writeBytes(rest.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    @Test
    @DisplayName("a byte that is not UTF-8 fails naming file, line, column and field; SKIP skips just that row")
    void nonUtf8BytesNameFileLineAndColumn() throws IOException {
        Path f = fileWithRow3("BAD.csv", bytes("3000,11,12.5,10.8,1", 0xFF, "1.5,7"));
        assertThatThrownBy(() -> CsvDataClient.read(f, "BAD", InvalidRowPolicy.FAIL)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("line 4").hasMessageContaining("column 20")
                .hasMessageContaining("0xFF").satisfies(e -> {
                    InvalidDataException x = (InvalidDataException) e;
                    assertThat(x.field()).isEqualTo("close");
                    assertThat(x.row()).isEqualTo(2);
                    assertThat(x.symbol()).isEqualTo("BAD");
                });
        BarSeries skipped = CsvDataClient.read(f, "BAD", InvalidRowPolicy.SKIP);
        assertThat(skipped.timestamps()).containsExactly(1000, 2000, 4000);
        assertThat(skipped.close()).containsExactly(10.5, 11, 11.2);
    }

    @Test
    @DisplayName("valid multi-byte UTF-8 elsewhere in a row still parses; a truncated sequence is a bad byte")
    void multiByteTextIsDecodedPerLine() throws IOException {
        Path ok = fileWithRow3("OK.csv", "3000,11,12.5,10.8,11.5,7,é€ note".getBytes(StandardCharsets.UTF_8));
        assertThat(CsvDataClient.read(ok, "OK", InvalidRowPolicy.FAIL).size()).isEqualTo(4);
        Path cut = fileWithRow3("CUT.csv", bytes("3000,11,12.5,10.8,11.5,7,é", 0xE2, ""));
        assertThatThrownBy(() -> CsvDataClient.read(cut, "CUT", InvalidRowPolicy.FAIL)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("line 4").hasMessageContaining("column 27");
        assertThat(CsvDataClient.read(cut, "CUT", InvalidRowPolicy.SKIP).size()).isEqualTo(3);
    }

    @Test
    void aBadByteInTheHeaderFailsUnderEveryPolicy() throws IOException {
        Path f = dir.resolve("HDR.csv");
        Files.write(f, bytes("open_time,op", 0xC0, "en,high,low,close,volume\n1000,10,11,9,10.5,5\n"));
        assertThatThrownBy(() -> CsvDataClient.read(f, "HDR", InvalidRowPolicy.SKIP)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("line 1").hasMessageContaining("column 13").hasMessageContaining(f.toString());
    }

    @Test
    @DisplayName("a price that would make log returns overflow is an invalid row: named under FAIL, skipped under SKIP")
    void pricesThatOverflowLogReturnsAreInvalidRows() throws IOException {
        Path f = fileWithRow3("TINY.csv", "3000,11,12.5,4.9E-324,11.5,7".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CsvDataClient.read(f, "TINY", InvalidRowPolicy.FAIL)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("line 4").hasMessageContaining("overflow")
                .satisfies(e -> assertThat(((InvalidDataException) e).field()).isEqualTo("low"));
        assertThat(CsvDataClient.read(f, "TINY", InvalidRowPolicy.SKIP).size()).isEqualTo(3);
    }

    @Test
    @DisplayName("a file named .csv or ' .csv' (blank symbol) is refused at build() naming the file")
    void blankSymbolsAreRefusedAtBuild() throws IOException {
        Path good = fileWithRow3("BTC.csv", "3000,11,12.5,10.8,11.5,7".getBytes(StandardCharsets.UTF_8));
        for (String name : new String[] {".csv", " .csv"}) {
            Path sub = Files.createDirectories(dir.resolve("d" + name.length()));
            Path blank = Files.copy(good, sub.resolve(name));
            Files.copy(good, sub.resolve("BTC.csv"));
            assertThatThrownBy(() -> CsvDataClient.builder().directory(sub).build()).isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining(blank.toString()).hasMessageContaining("blank")
                    .satisfies(e -> assertThat(((InvalidNameException) e).field()).isEqualTo("symbol"));
            // Selecting only the good file builds.
            assertThat(CsvDataClient.builder().directory(sub).symbols(java.util.List.of("BTC")).build().symbols()).containsExactly("BTC");
        }
        assertThatThrownBy(() -> CsvDataClient.builder().file("X".repeat(65), good).build()).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("65 characters");
    }
}
