package io.github.viewcache;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The counters of one filter, cheap to bump from many threads, registered as a JMX MBean
 * together with the operator's {@code evict} and {@code clear}, which act on the application.
 */
final class FilterStats implements ViewCacheStatsMBean {

    private static final Logger LOG = Logger.getLogger(FilterStats.class.getName());

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final Map<String, LongAdder> bypasses = new ConcurrentHashMap<>();
    private final LongAdder stores = new LongAdder();
    private final LongAdder storesRefused = new LongAdder();
    private final Map<String, LongAdder> notStored = new ConcurrentHashMap<>();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder lockWaits = new LongAdder();
    private final LongAdder storeErrors = new LongAdder();
    private final LongAdder shortCircuits = new LongAdder();
    private ObjectName registeredAs;
    /** The application's handle, for the operations; asked anew each time (filters come and go). */
    private volatile Supplier<ViewCache> application = () -> {
        throw new IllegalStateException("this filter is not registered with an application");
    };

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void bypass(String reason) {
        bypasses.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void stored() {
        stores.increment();
    }

    void storeRefused() {
        storesRefused.increment();
    }

    void notStored(String reason) {
        notStored.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void evicted(int pages) {
        evictions.add(pages);
    }

    void lockWait() {
        lockWaits.increment();
    }

    void storeError() {
        storeErrors.increment();
    }

    void shortCircuit() {
        shortCircuits.increment();
    }

    @Override
    public long getHits() {
        return hits.sum();
    }

    @Override
    public long getMisses() {
        return misses.sum();
    }

    @Override
    public long getBypasses() {
        long sum = 0;
        for (LongAdder n : bypasses.values()) {
            sum += n.sum();
        }
        return sum;
    }

    @Override
    public Map<String, Long> getBypassesByReason() {
        return sums(bypasses);
    }

    @Override
    public Map<String, Long> getNotStoredByReason() {
        return sums(notStored);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> byReason) {
        Map<String, Long> sums = new TreeMap<>();
        byReason.forEach((reason, n) -> sums.put(reason, n.sum()));
        return sums;
    }

    @Override
    public long getStores() {
        return stores.sum();
    }

    @Override
    public long getStoresRefused() {
        return storesRefused.sum();
    }

    @Override
    public long getEvictions() {
        return evictions.sum();
    }

    @Override
    public long getLockWaits() {
        return lockWaits.sum();
    }

    @Override
    public long getRedisErrors() {
        return storeErrors.sum();
    }

    @Override
    public long getRedisCallsSkipped() {
        return shortCircuits.sum();
    }

    @Override
    public boolean evict(String path) {
        return application.get().evict(path);
    }

    @Override
    public boolean evictTag(String tag) {
        return application.get().evictTag(tag);
    }

    @Override
    public boolean clear() {
        return application.get().clear();
    }

    /**
     * Registers under a name unique in this JVM (two applications may share a context path).
     *
     * @param application the handle the operations act on
     */
    synchronized void register(String contextPath, String filterName, Supplier<ViewCache> application) {
        this.application = application;
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String base = "io.github.viewcache:type=ResponseCachingFilter,context="
                + ObjectName.quote(contextPath.isEmpty() ? "/" : contextPath) + ",name=" + ObjectName.quote(filterName);
        try {
            for (int n = 1; registeredAs == null; n++) {
                ObjectName name = new ObjectName(n == 1 ? base : base + ",instance=" + n);
                if (!server.isRegistered(name)) {
                    server.registerMBean(new StandardMBean(this, ViewCacheStatsMBean.class), name);
                    registeredAs = name;
                }
            }
        } catch (JMException | SecurityException e) {
            LOG.log(Level.WARNING, "ViewCache [" + filterName + "]: statistics are not on JMX (" + e + ")");
        }
    }

    synchronized void unregister() {
        if (registeredAs != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
            } catch (JMException e) {
                LOG.log(Level.FINE, "already unregistered", e);
            }
            registeredAs = null;
        }
    }
}
