package dev.clm.config;

import dev.clm.api.ClmException;

/** A configuration value is out of range, unparseable or conflicts with another; names the setting. */
public class InvalidConfigException extends ClmException {
    private final String setting;

    public InvalidConfigException(String setting, Object value, String expected) {
        super("configuration '" + setting + "' = " + value + " is invalid: expected " + expected);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
