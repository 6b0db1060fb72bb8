package dev.clm.config;

import java.nio.file.Path;

/**
 * The {@code storage} section, read by {@code ClmDatabase.open(ClmConfig)} in clm-jdbc.
 *
 * @param jdbcUrl       database URL ({@code jdbc:postgresql:...} or {@code jdbc:h2:...}); empty for the
 *                      embedded H2 database under {@code dataDirectory} (default empty)
 * @param dataDirectory directory of the embedded database and of the model artifacts (default {@code clm-data})
 */
public record StorageSettings(String jdbcUrl, Path dataDirectory) {
    public static final String DEFAULT_JDBC_URL = "";
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("clm-data");

    public StorageSettings {
        Checks.notNull("storage.jdbc-url", jdbcUrl, "a JDBC URL, or empty for the embedded database");
        if (!jdbcUrl.isEmpty() && !(jdbcUrl.startsWith("jdbc:postgresql:") || jdbcUrl.startsWith("jdbc:h2:"))) {
            throw new InvalidConfigException("storage.jdbc-url", "'" + jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***") + "'",
                    "a URL starting with jdbc:postgresql: or jdbc:h2:, or empty for the embedded database");
        }
        Checks.notNull("storage.data-directory", dataDirectory, "a directory");
    }

    public static StorageSettings defaults() {
        return new StorageSettings(DEFAULT_JDBC_URL, DEFAULT_DATA_DIRECTORY);
    }

    /** True when {@link #jdbcUrl()} is empty: the embedded database is used. */
    public boolean embedded() {
        return jdbcUrl.isEmpty();
    }
}
