package dev.clm.online;

import dev.clm.api.ClmException;

/**
 * Online learner snapshot bytes could not be restored: not JSON, another format, a missing
 * field, a value of the wrong type or out of range, or arrays that do not fit the feature
 * count or window. The message and {@link #field()} name the field and what was expected.
 */
public class OnlineSnapshotException extends ClmException {
    private final String field;

    public OnlineSnapshotException(String field, String expected, Throwable cause) {
        super("invalid online learner snapshot, field '" + field + "': " + expected, cause);
        this.field = field;
    }

    public OnlineSnapshotException(String field, String expected) {
        this(field, expected, null);
    }

    /** The JSON path of the offending field, for example {@code state.mean} or {@code config.decay}. */
    public String field() {
        return field;
    }
}
