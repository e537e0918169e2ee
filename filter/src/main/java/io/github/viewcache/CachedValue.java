package io.github.viewcache;

/**
 * A value found in the cache, which may itself be {@code null}: {@link ViewCache#lookup} returns
 * this on a hit and {@code null} on a miss, so a stored {@code null} is told apart from none.
 *
 * @param <T> the value's type
 */
public final class CachedValue<T> {

    private final T value;

    CachedValue(T value) {
        this.value = value;
    }

    /** The stored value; {@code null} when {@code null} was stored. */
    public T get() {
        return value;
    }

    @Override
    public String toString() {
        return "CachedValue[" + value + "]";
    }
}
