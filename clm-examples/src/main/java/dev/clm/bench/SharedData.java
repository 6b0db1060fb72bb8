package dev.clm.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared market-data folder ({@code ../shared/data} beside the repository) for
 * the benchmarks: the system property {@code clm.shared.data} (set by the
 * build), else {@code ../shared/data} or {@code ../../shared/data} from the working directory.
 */
public final class SharedData {
    private SharedData() {}

    /** The data folder; throws {@link IllegalStateException} saying where it looked if absent. */
    public static Path dir() {
        String prop = System.getProperty("clm.shared.data");
        Path[] candidates = {
                prop == null ? null : Path.of(prop),
                Path.of("../shared/data"),
                Path.of("../../shared/data")
        };
        for (Path p : candidates) {
            if (p != null && Files.isDirectory(p)) return p.toAbsolutePath().normalize();
        }
        throw new IllegalStateException("shared market data not found: set -Dclm.shared.data or place it at ../shared/data"
                + " (looked at " + prop + ", ../shared/data, ../../shared/data from " + Path.of("").toAbsolutePath() + ")");
    }

    /** A file under the data folder, for example {@code binance_spot_1h/BTCUSDT_1h.csv}. */
    public static Path file(String relative) {
        return dir().resolve(relative);
    }
}
