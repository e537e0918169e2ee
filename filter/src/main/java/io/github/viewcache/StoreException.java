package io.github.viewcache;

/**
 * The store could not be reached or refused a command; the filter serves uncached instead.
 * {@link #isWrongValue()} tells a value of the wrong kind (not an integer for increment) from
 * a fault.
 */
final class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean wrongValue;

    StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    StoreException(String message, Throwable cause, boolean wrongValue) {
        super(message, cause);
        this.wrongValue = wrongValue;
    }

    boolean isWrongValue() {
        return wrongValue;
    }
}
