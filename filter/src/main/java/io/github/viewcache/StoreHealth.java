package io.github.viewcache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Logs when the store stops and starts answering: once per change, not once per request. */
final class StoreHealth {

    private static final Logger LOG = Logger.getLogger(StoreHealth.class.getName());

    private final String filterName;
    private final AtomicBoolean up = new AtomicBoolean(true);

    StoreHealth(String filterName) {
        this.filterName = filterName;
    }

    void succeeded() {
        if (!up.get() && up.compareAndSet(false, true)) {
            LOG.info("ViewCache [" + filterName + "]: the store answers again; caching resumed");
        }
    }

    void failed(StoreException e) {
        if (up.compareAndSet(true, false)) {
            LOG.log(Level.WARNING, "ViewCache [" + filterName + "]: the store is not answering ("
                    + rootMessage(e) + "); pages are served uncached (X-Cache: BYPASS) until it does", e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
