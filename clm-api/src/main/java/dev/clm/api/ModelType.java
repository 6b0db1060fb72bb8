package dev.clm.api;

/**
 * The kind of a model: an open value, not a closed enum, so an engine can register its own
 * kinds ({@code ModelType.of("my_lstm")}) next to the built-in constants (four model kinds, the online learner and the two ensembles). Names are
 * 1..64 characters of letters, digits, '.', '_' and '-' (they end up in file paths and rows).
 */
public record ModelType(String name) implements Comparable<ModelType> {
    public static final ModelType XGBOOST = new ModelType("xgboost");
    public static final ModelType LIGHTGBM = new ModelType("lightgbm");
    public static final ModelType NHITS = new ModelType("nhits");
    public static final ModelType PATCHTST = new ModelType("patchtst");
    public static final ModelType ONLINE = new ModelType("online");
    public static final ModelType BLEND = new ModelType("blend");
    public static final ModelType STACK = new ModelType("stack");

    public ModelType {
        Checks.safeName(name, "modelType.name");
    }

    /** The type with this name (the constants for the built-in names). */
    public static ModelType of(String name) {
        return new ModelType(name);
    }

    @Override
    public int compareTo(ModelType other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
