package io.github.viewcache;

/** The store could not be reached or refused a command; the filter serves uncached instead. */
final class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
