package dev.clm.config;

import dev.clm.api.ClmException;

/**
 * A setting is out of range, unparseable, unknown, duplicated or conflicts with another; the
 * message and {@link #setting()} name it by its dotted key (for example {@code shadow.min-samples}).
 */
public class InvalidConfigException extends ClmException {
    private final String setting;

    public InvalidConfigException(String setting, Object value, String expected) {
        this(setting, value, expected, null);
    }

    public InvalidConfigException(String setting, Object value, String expected, Throwable cause) {
        super("configuration '" + setting + "' = " + value + " is invalid: expected " + expected, cause);
        this.setting = setting;
    }

    private InvalidConfigException(String setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** This exception with the place the value came from (file or environment) appended to the message. */
    public InvalidConfigException from(String source) {
        InvalidConfigException e = new InvalidConfigException(setting, getMessage() + " (from " + source + ")", getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The dotted key (or file position, or keys joined by " / " for a conflict) the problem is about. */
    public String setting() {
        return setting;
    }
}
