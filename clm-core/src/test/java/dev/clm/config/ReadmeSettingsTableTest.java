package dev.clm.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's settings table is the one the settings tree renders, so it cannot drift from the code. */
class ReadmeSettingsTableTest {
    static final String START = "<!-- settings-table:start (generated: ClmConfig.settingsMarkdown()) -->\n";
    static final String END = "<!-- settings-table:end -->";

    @Test
    @DisplayName("the README Configuration table equals ClmConfig.settingsMarkdown()")
    void readmeTableIsTheRenderedTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf(START);
        int to = readme.indexOf(END);
        assertThat(from).as("README has the table markers").isGreaterThanOrEqualTo(0);
        assertThat(to).isGreaterThan(from);
        assertThat(readme.substring(from + START.length(), to)).isEqualTo(ClmConfig.settingsMarkdown());
    }
}
