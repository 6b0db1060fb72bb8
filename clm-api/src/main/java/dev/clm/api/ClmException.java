package dev.clm.api;

/** Base type of every exception clm throws on purpose. Unchecked. */
public class ClmException extends RuntimeException {
    public ClmException(String message) {
        super(message);
    }

    public ClmException(String message, Throwable cause) {
        super(message, cause);
    }
}
