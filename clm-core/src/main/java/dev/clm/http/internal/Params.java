package dev.clm.http.internal;

import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingType;
import dev.clm.http.HttpProblem;

import java.util.Locale;

/** Parsing of request values into clm types, each failure a 400 naming the field. */
public final class Params {
    private Params() {}

    public static int boundedInt(String field, String raw, int min, int max) {
        final long v;
        try {
            v = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(field, "'" + field + "' must be an integer in [" + min + ", " + max + "], was '" + raw + "'");
        }
        if (v < min || v > max) throw HttpProblem.badRequest(field, "'" + field + "' must be in [" + min + ", " + max + "], was " + v);
        return (int) v;
    }

    public static ModelType modelType(String field, String raw) {
        try {
            return ModelType.of(raw.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(field, "'" + field + "' is not a model type name: " + e.getMessage());
        }
    }

    public static ModelStatus modelStatus(String field, String raw) {
        try {
            return ModelStatus.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(field, "'" + field + "' must be one of " + java.util.Arrays.toString(ModelStatus.values()) + ", was '" + raw + "'");
        }
    }

    public static RetrainingType retrainingType(String field, String raw) {
        try {
            return RetrainingType.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(field, "'" + field + "' must be one of " + java.util.Arrays.toString(RetrainingType.values()) + ", was '" + raw + "'");
        }
    }
}
