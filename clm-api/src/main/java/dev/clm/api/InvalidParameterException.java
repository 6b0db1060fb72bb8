package dev.clm.api;

/**
 * A trainer parameter that a {@link ParamSchema} refuses: an unknown name (the message lists
 * the known ones), a value that does not parse, or a value outside its range. Names the model
 * type, the parameter, the value given and what was expected.
 */
public class InvalidParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient ModelType type;
    private final String name;
    private final String value;
    private final String expected;

    public InvalidParameterException(ModelType type, String name, String value, String expected, String message) {
        super(message);
        this.type = type;
        this.name = name;
        this.value = value;
        this.expected = expected;
    }

    /** The model type the parameters were for. */
    public ModelType type() {
        return type;
    }

    /** The parameter's name as given. */
    public String name() {
        return name;
    }

    /** The value as given (null when it was missing). */
    public String value() {
        return value;
    }

    /** What was expected: a range, the allowed values, or the known names. */
    public String expected() {
        return expected;
    }
}
