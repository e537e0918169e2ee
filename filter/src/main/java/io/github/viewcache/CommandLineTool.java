package io.github.viewcache;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's command line, the entry point of the self-contained jar:
 * {@code java -jar viewcache-filter-<version>-all.jar --redis-url redis://... --key-prefix view/ <command>}.
 * It reads and evicts what the filters with that key prefix stored, without the application
 * and never with {@code KEYS}, {@code SCAN} or {@code FLUSHDB}. Not API: its output is for
 * people, its classes may change.
 */
public final class CommandLineTool {

    static final int OK = 0;
    static final int UNREACHABLE = 1;
    static final int USAGE = 2;

    private static final String HELP = String.join("\n",
            "usage: java -jar viewcache-filter-<version>-all.jar [--redis-url URL] [--key-prefix PREFIX] COMMAND",
            "",
            "  --redis-url URL      redis://[user[:password]@]host[:port][/database] or rediss://; default redis://localhost:6379",
            "  --key-prefix PREFIX  the filter's key-prefix; default view/",
            "  --redis-ca-file FILE with rediss://, the PEM file of the CAs to trust (as the filter's redis-ca-file)",
            "",
            "commands:",
            "  stats                pages, variants, bytes and the oldest entry under the prefix",
            "  show PATH            one page: its variants, their age, ttl, size, the visitor class and",
            "                       storage rules they were stored under, hit-for-pass markers, locks",
            "  evict PATH...        evict those pages (every variant), as a write would; PATH/** evicts",
            "                       that page and every page below it (/owners/1/**)",
            "  evict-tag TAG...     evict every page whose Surrogate-Key named one of the tags",
            "  clear                remove every page, value and memoized result under the prefix",
            "",
            "exit codes: 0 done, 1 Redis could not be reached, 2 the command line is wrong");

    private CommandLineTool() {
    }

    public static void main(String[] args) {
        // The tool says what went wrong in one line of its own on standard error; what else
        // would go there is for servers: the filter's log lines with their stack traces, and
        // the notice of the SLF4J that Jedis brings (relocated, so it never finds a binding).
        PrintStream err = System.err;
        System.setErr(new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
            }
        }, true));
        java.util.logging.Logger.getLogger("io.github.viewcache").setLevel(java.util.logging.Level.OFF);
        System.exit(run(args, System.out, err));
    }

    /** @return the exit code */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> params = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(HELP);
                return OK;
            }
            if (arg.equals("--redis-url") || arg.equals("--key-prefix") || arg.equals("--redis-ca-file")) {
                if (i + 1 == args.length) {
                    return usage(err, arg + " needs a value");
                }
                params.put(arg.substring(2), args[++i]);
            } else if (arg.startsWith("--")) {
                return usage(err, "unknown option [" + arg + "]");
            } else {
                words.add(arg);
            }
        }
        if (words.isEmpty()) {
            return usage(err, "no command");
        }
        FilterSettings settings;
        try {
            settings = FilterSettings.parse(new SettingsSource(params, n -> null, n -> null));
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage().replace("init-param [", "option --").replace("]: [", " ["));
        }
        String command = words.get(0);
        List<String> operands = words.subList(1, words.size());
        try {
            switch (command) {
                case "stats":
                    return operands.isEmpty() ? stats(settings, out) : usage(err, "stats takes no operand");
                case "show":
                    return operands.size() == 1 ? show(settings, checkedPath(operands.get(0)), out)
                            : usage(err, "show takes one PATH");
                case "evict":
                    if (operands.isEmpty()) {
                        return usage(err, "evict takes one PATH or more");
                    }
                    EvictionTargets targets = EvictionTargets.parse(operands);
                    if (!targets.tags.isEmpty()) {
                        return usage(err, "evict takes paths; evict-tag takes tags");
                    }
                    try (ViewCache cache = ViewCache.connect(params)) {
                        return reached(cache.evictAll(operands), out, "evicted " + operands, err);
                    }
                case "evict-tag":
                    if (operands.isEmpty()) {
                        return usage(err, "evict-tag takes one TAG or more");
                    }
                    EvictionTargets.tags(operands);
                    try (ViewCache cache = ViewCache.connect(params)) {
                        return reached(cache.evictTag(operands.toArray(new String[0])), out,
                                "evicted the pages tagged " + operands, err);
                    }
                case "clear":
                    if (!operands.isEmpty()) {
                        return usage(err, "clear takes no operand");
                    }
                    try (ViewCache cache = ViewCache.connect(params)) {
                        return reached(cache.clear(), out, "cleared everything under [" + settings.keyPrefix + "]", err);
                    }
                default:
                    return usage(err, "unknown command [" + command + "]");
            }
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (StoreException e) {
            err.println("viewcache: Redis at " + settings.redisUrl + " could not be reached: " + rootMessage(e));
            return UNREACHABLE;
        }
    }

    private static String checkedPath(String path) {
        if (!path.startsWith("/") || path.indexOf('?') >= 0) {
            throw new IllegalArgumentException("[" + path + "] is not a path within the application such as /books"
                    + " (no context path, no query string)");
        }
        return path;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("viewcache: " + problem + "; --help says how");
        return USAGE;
    }

    private static int reached(boolean reached, PrintStream out, String done, PrintStream err) {
        if (!reached) {
            err.println("viewcache: Redis could not be reached; nothing was changed for certain");
            return UNREACHABLE;
        }
        out.println(done);
        return OK;
    }

    private static RedisStore store(FilterSettings settings) {
        return new RedisStore(SharedRedisClients.acquire(settings.redisUrl, settings.redisTimeoutMs, 4,
                settings.redisCaFile), Clock.SYSTEM);
    }

    private static int stats(FilterSettings settings, PrintStream out) throws StoreException {
        RedisStore store = store(settings);
        CacheKeys keys = new CacheKeys(settings.keyPrefix, settings.queryString, settings.keyHeaders, null);
        long pages = 0;
        long variants = 0;
        long bytes = 0;
        long oldest = Long.MAX_VALUE;
        try {
            for (long start = 0;; start += 500) {
                List<String> listed = store.indexed(keys.index(), start, 500);
                List<String> listedPages = new ArrayList<>();
                for (String key : listed) {
                    if (key.startsWith(keys.pagePrefix())) {
                        listedPages.add(key);
                    }
                }
                for (Map<String, byte[]> page : store.getAll(listedPages)) {
                    boolean holdsEntry = false;
                    for (byte[] value : page.values()) {
                        if (EntryCodec.storageRulesOf(value) != 0) {
                            holdsEntry = true;
                            variants++;
                            bytes += value.length;
                            oldest = Math.min(oldest, EntryCodec.decode(value).storedAtMillis);
                        }
                    }
                    pages += holdsEntry ? 1 : 0;
                }
                if (listed.size() < 500) {
                    break;
                }
            }
        } finally {
            store.close();
        }
        out.println("pages     " + pages);
        out.println("variants  " + variants);
        out.println("bytes     " + bytes);
        out.println("oldest    " + (oldest == Long.MAX_VALUE ? "none"
                : Instant.ofEpochMilli(oldest) + " (" + (System.currentTimeMillis() - oldest) / 1000 + " s ago)"));
        return OK;
    }

    private static int show(FilterSettings settings, String path, PrintStream out) throws StoreException {
        RedisStore store = store(settings);
        String page = settings.keyPrefix + path;
        Map<String, byte[]> fields;
        try {
            fields = store.getAll(Arrays.asList(page)).get(0);
        } finally {
            store.close();
        }
        if (fields.isEmpty()) {
            out.println(page + ": nothing stored");
            return OK;
        }
        long now = System.currentTimeMillis();
        byte[] generation = fields.get(Store.GENERATION);
        out.println(page + (generation == null ? "" : " (evicted before; generation "
                + new String(generation, StandardCharsets.US_ASCII) + ")"));
        for (Map.Entry<String, byte[]> field : fields.entrySet()) {
            String name = field.getKey();
            byte[] value = field.getValue();
            if (name.equals(Store.GENERATION)) {
                continue;
            }
            if (name.startsWith(RedisRenderLocks.FIELD_PREFIX)) {
                out.println("  lock     " + shown(name.substring(RedisRenderLocks.FIELD_PREFIX.length()))
                        + ": a render under way");
            } else if (name.endsWith("\u0000vary")) {
                out.println("  varies   " + shown(name.substring(0, name.length() - 5)) + " on "
                        + new String(value, StandardCharsets.UTF_8));
            } else if (PassMarker.isMarker(value)) {
                PassMarker marker = PassMarker.decode(value);
                out.println("  pass     " + shown(name) + ": not stored (" + marker.reason + "), "
                        + Math.max(0, (marker.expiresAtMillis - now) / 1000) + " s left");
            } else {
                out.println("  entry    " + shown(name) + ": " + describe(value, settings, now));
            }
        }
        return OK;
    }

    private static String describe(byte[] value, FilterSettings settings, long now) {
        int rules = EntryCodec.storageRulesOf(value);
        if (rules == 0) {
            return value.length + " bytes of an earlier format (a miss)";
        }
        CachedResponse entry = EntryCodec.decode(value);
        String ttl = entry.expiresAtMillis == 0 ? "no expiry" : "ttl " + (entry.expiresAtMillis - now) / 1000 + " s";
        return "status " + entry.status + ", " + value.length + " bytes, age " + (now - entry.storedAtMillis) / 1000
                + " s, " + ttl + (entry.tags.isEmpty() ? "" : ", tags " + String.join(" ", entry.tags))
                + ", stored under " + (rules == settings.storageRules ? "these settings"
                        : "other settings (a miss for filters with these)");
    }

    /** A field name for people: the query string, then the request values it is kept for. */
    private static String shown(String field) {
        String[] parts = field.split("\u0000", 2);
        String variant = "\"" + parts[0] + "\"";
        return parts.length == 1 ? variant : variant + " for" + parts[1].replace("\n", " ");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
