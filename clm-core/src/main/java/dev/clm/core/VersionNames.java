package dev.clm.core;

import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** New version names: {@code yyyyMMdd-HHmmss-xxxx} from the clock plus 4 random hex digits, unique in the registry. */
final class VersionNames {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private VersionNames() {}

    static String next(ModelRegistry registry, ModelType type, Instant now) {
        String stamp = STAMP.format(now);
        for (int attempt = 0; attempt < 100; attempt++) {
            String v = stamp + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
            if (registry.find(type, v).isEmpty()) return v;
        }
        throw new IllegalStateException("could not find a free version name for " + type + " at " + stamp);
    }
}
