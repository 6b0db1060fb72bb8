package dev.clm.api;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a dataset's labels are, chosen in the feature config and carried by every {@link Dataset}
 * ({@link Dataset#labelKind()}), so trainers and evaluators can check that they support it.
 * With r the forward log return over the horizon h and sigma the standard deviation of the
 * one-bar log returns over a trailing window ending at the row's own bar (never after it):
 * <ul>
 *   <li>{@link #FORWARD_LOG_RETURN} (default): r.</li>
 *   <li>{@link #DIRECTION}: +1 when r &gt; 0, -1 when r &lt; 0, 0 when exactly flat.</li>
 *   <li>{@link #VOL_SCALED_RETURN}: r / (sigma * sqrt(h)), a return in units of its typical size.</li>
 *   <li>{@link #REGIME}: +1 (up-move) when r &gt; theta * sigma * sqrt(h), -1 (down-move) when
 *       r &lt; -theta * sigma * sqrt(h), 0 (range) otherwise.</li>
 * </ul>
 */
public enum LabelKind {
    FORWARD_LOG_RETURN("forward_log_return"),
    DIRECTION("direction"),
    VOL_SCALED_RETURN("vol_scaled_return"),
    REGIME("regime");

    private final String key;

    LabelKind(String key) {
        this.key = key;
    }

    /** The name recorded in configs. */
    public String key() {
        return key;
    }

    /** The kind recorded as {@code key}; throws {@link IllegalArgumentException} naming the key and the known ones. */
    public static LabelKind fromKey(String key) {
        for (LabelKind k : values()) if (k.key.equals(key)) return k;
        throw new IllegalArgumentException("label kind '" + key + "' is unknown; expected one of "
                + Arrays.stream(values()).map(LabelKind::key).toList());
    }

    /** Every kind. */
    public static Set<LabelKind> all() {
        return EnumSet.allOf(LabelKind.class);
    }

    /**
     * The one label kind of {@code data} (null entries skipped): throws {@link
     * UnsupportedLabelException} naming {@code component} when it is not one of {@code supported},
     * {@link InvalidDataException} when the datasets disagree (training on one kind, validating on another).
     */
    public static LabelKind requireSupported(String component, Set<LabelKind> supported, Dataset... data) {
        LabelKind kind = null;
        for (Dataset d : data) {
            if (d == null) continue;
            if (kind != null && d.labelKind() != kind) {
                throw new InvalidDataException(null, -1, "labelKind", component + ": datasets have labels of kinds '" + kind.key()
                        + "' and '" + d.labelKind().key() + "'; expected one kind");
            }
            kind = d.labelKind();
        }
        if (kind != null) kind.requireOneOf(component, supported);
        return kind;
    }

    /** Throws {@link UnsupportedLabelException} naming {@code component} and this kind unless it is one of {@code supported}. */
    public void requireOneOf(String component, Set<LabelKind> supported) {
        if (!supported.contains(this)) throw new UnsupportedLabelException(this, component, supported);
    }
}
