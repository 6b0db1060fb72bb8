package dev.clm.models.internal;

import java.io.InputStream;
import java.util.Properties;

/** Reads a dependency's version from its {@code META-INF/maven/.../pom.properties}, for provenance. */
public final class LibraryVersions {
    private LibraryVersions() {}

    /** The version, or "unknown" if the jar carries no pom.properties. */
    public static String of(Class<?> anyClassOfTheJar, String groupId, String artifactId) {
        String path = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = anyClassOfTheJar.getResourceAsStream(path)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
