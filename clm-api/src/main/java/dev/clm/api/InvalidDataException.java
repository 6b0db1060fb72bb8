package dev.clm.api;

/**
 * Input data broke a rule: empty data, a non-finite or negative price, an inconsistent bar,
 * non-increasing timestamps, missing columns, too few rows. The message and the getters name
 * the symbol, the row (or -1 when the whole input is concerned), the field and the rule.
 */
public class InvalidDataException extends ClmException {
    private final String symbol;
    private final long row;
    private final String field;
    private final String rule;

    public InvalidDataException(String symbol, long row, String field, String rule) {
        super(format(symbol, row, field, rule));
        this.symbol = symbol;
        this.row = row;
        this.field = field;
        this.rule = rule;
    }

    private static String format(String symbol, long row, String field, String rule) {
        StringBuilder sb = new StringBuilder("invalid data");
        if (symbol != null) sb.append(" for symbol '").append(symbol).append('\'');
        if (row >= 0) sb.append(" at row ").append(row);
        if (field != null) sb.append(", field '").append(field).append('\'');
        return sb.append(": ").append(rule).toString();
    }

    /** Symbol concerned, or null when not symbol-specific. */
    public String symbol() { return symbol; }

    /** Zero-based row index, or -1 when the whole input is concerned. */
    public long row() { return row; }

    /** Field (column) concerned, or null. */
    public String field() { return field; }

    /** The rule that was broken, with the expected value. */
    public String rule() { return rule; }
}
