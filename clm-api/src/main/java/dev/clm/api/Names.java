package dev.clm.api;

/**
 * The rules for the identifiers clm stores in rows and file paths, checked before they reach
 * either. Checks are allocation-free loops (no regular expression), so they can run on a hot path.
 *
 * <ul>
 *   <li><b>Names</b> (model type names, versions, agent and job ids): 1..{@value #MAX_LENGTH}
 *       characters of ASCII letters, digits, '.', '_' and '-', starting with a letter or digit.</li>
 *   <li><b>Symbols</b>: 1..{@value #MAX_LENGTH} characters (the width of the symbol columns), not
 *       blank, no NUL (PostgreSQL refuses it in text), no unpaired surrogate (it has no UTF-8
 *       encoding and would be stored as '?'). Anything else the database stores as given
 *       ({@code BTC/USDT}, {@code BRK.B}, {@code ^GSPC}, {@code ES=F}).</li>
 * </ul>
 */
public final class Names {
    /** Longest name or symbol, in characters (the database columns are {@code VARCHAR(64)}). */
    public static final int MAX_LENGTH = 64;
    /** The name rule in words, for messages. */
    public static final String NAME_RULE = "expected 1.." + MAX_LENGTH
            + " characters of ASCII letters, digits, '.', '_', '-', starting with a letter or digit";
    /** The symbol rule in words, for messages. */
    public static final String SYMBOL_RULE = "expected 1.." + MAX_LENGTH
            + " characters, not blank, without NUL or unpaired surrogates";

    private Names() {}

    /** True if {@code s} is a valid model type name, version or id. */
    public static boolean isName(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
        }
        return true;
    }

    /** Returns {@code value} or throws {@link InvalidNameException} naming {@code field}. */
    public static String requireName(String value, String field) {
        if (!isName(value)) throw new InvalidNameException(field, value, NAME_RULE);
        return value;
    }

    /** True if {@code s} is a symbol clm can store (see the class comment). */
    public static boolean isSymbol(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) return false;
        boolean blank = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) return false;
            if (blank && !Character.isWhitespace(c)) blank = false;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return !blank;
    }

    /** Returns {@code symbol} or throws {@link InvalidNameException} naming {@code field}. */
    public static String requireSymbol(String value, String field) {
        if (!isSymbol(value)) throw new InvalidNameException(field, value, symbolProblem(value));
        return value;
    }

    /** Why {@code s} is not a valid symbol (for messages), or null if it is. */
    public static String symbolProblem(String s) {
        if (s == null) return "must not be null; " + SYMBOL_RULE;
        if (s.isBlank()) return "is blank; " + SYMBOL_RULE;
        if (s.length() > MAX_LENGTH) return "has " + s.length() + " characters; " + SYMBOL_RULE;
        if (s.indexOf(0) >= 0) return "contains NUL; " + SYMBOL_RULE;
        return isSymbol(s) ? null : "contains an unpaired surrogate; " + SYMBOL_RULE;
    }

    /** {@code s} with control characters and unpaired surrogates as Java unicode escapes (backslash, u, four hex digits), cut at 100 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 100) + 8);
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(s.charAt(i - 1)));
            if (Character.isISOControl(c) || lone) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        if (s.length() > 100) b.append("...(").append(s.length()).append(" characters)");
        return b.toString();
    }
}
