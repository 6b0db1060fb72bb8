package dev.clm.jdbc;

import dev.clm.api.ClmException;

/**
 * The database or the artifact directory failed (connection lost, disk full, SQL error).
 * The message names the operation and, where known, the model type, version or job; the
 * cause carries the driver's error. Whatever the operation was changing is rolled back:
 * nothing that was ACTIVE changes when this is thrown.
 */
public class ClmStorageException extends ClmException {
    public ClmStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public ClmStorageException(String message) {
        super(message);
    }
}
