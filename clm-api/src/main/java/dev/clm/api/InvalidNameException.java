package dev.clm.api;

/**
 * A model type name, version, symbol or other stored identifier broke its rule (see
 * {@link Names}). Thrown before the value reaches a file path or SQL; the message and the
 * getters name the field, the value (control characters escaped in the message) and the rule.
 * An {@link IllegalArgumentException}, so callers that catch bad arguments keep working.
 */
public class InvalidNameException extends IllegalArgumentException {
    private final String field;
    private final String value;
    private final String rule;

    public InvalidNameException(String field, String value, String rule) {
        super("invalid " + field + " " + (value == null ? "null" : "'" + Names.printable(value) + "'") + ": " + rule);
        this.field = field;
        this.value = value;
        this.rule = rule;
    }

    /** The field or parameter concerned, e.g. {@code version} or {@code symbol}. */
    public String field() { return field; }

    /** The refused value as given (may be null). */
    public String value() { return value; }

    /** What was expected. */
    public String rule() { return rule; }
}
