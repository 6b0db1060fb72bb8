package dev.clm.core;

/** The clm library version recorded in every model's provenance. */
public final class ClmVersion {
    public static final String VERSION = resolve();

    private ClmVersion() {}

    private static String resolve() {
        String v = ClmVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
