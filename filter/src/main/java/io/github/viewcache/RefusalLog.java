package io.github.viewcache;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One INFO line the first time a page is not stored for a reason, naming the call that made it
 * personal or created its session and the application code that made that call, so a team can
 * see why a page is never cached without reading every response's {@code Cache-Status}.
 * Bounded: it remembers {@link #MAX_REMEMBERED} page/reason pairs, then logs no new ones, and
 * writes at most {@link #MAX_LINES_PER_MINUTE} lines a minute.
 */
final class RefusalLog {

    private static final Logger LOG = Logger.getLogger(RefusalLog.class.getName());

    static final int MAX_REMEMBERED = 10_000;
    static final int MAX_LINES_PER_MINUTE = 60;

    private final String filterName;
    private final Clock clock;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private long minuteStart;
    private int linesThisMinute;

    RefusalLog(String filterName, Clock clock) {
        this.filterName = filterName;
        this.clock = clock;
    }

    /**
     * Whether a refusal of this page for this reason would be logged now: the caller is worth
     * a stack trace only then.
     */
    boolean wouldLog(String page, String reason) {
        return LOG.isLoggable(Level.INFO) && logged.size() < MAX_REMEMBERED && !logged.contains(key(page, reason))
                && hasBudget(false);
    }

    /**
     * @param path the page's path, as the log shows it
     * @param explanation which call made it so, from where; {@code null} when the reason says it all
     */
    void refused(String page, String path, String reason, String explanation) {
        if (!wouldLog(page, reason) || !logged.add(key(page, reason)) || !hasBudget(true)) {
            return;
        }
        StringBuilder line = new StringBuilder("ViewCache [").append(filterName).append("]: ").append(path)
                .append(" is not stored (").append(reason).append(')');
        if (explanation != null) {
            line.append(": ").append(explanation);
        }
        String advice = advice(reason);
        if (advice != null) {
            line.append(". ").append(advice);
        }
        LOG.info(line.toString());
    }

    /** What a team can do about the common reasons; the troubleshooting docs say more. */
    private static String advice(String reason) {
        switch (reason) {
            case "new-session":
                return "Set cache-new-sessions=true to store such pages for visitors without a session,"
                        + " without handing them the session (or use session=\"false\" in the JSP)";
            case "new-session-used":
                return "The page used the session it created, so it is not the page every new visitor gets";
            case "new-session-id":
                return "The new session's id is in the page (encodeURL, a link or a header), so it is this visitor's";
            case "set-cookie":
                return "A response that sets a cookie is never stored";
            default:
                return reason.startsWith("personalized-")
                        ? "Pages are stored only for visitors the render found nothing about" : null;
        }
    }

    private synchronized boolean hasBudget(boolean take) {
        long now = clock.millis();
        if (now - minuteStart >= 60_000L) {
            minuteStart = now;
            linesThisMinute = 0;
        }
        if (linesThisMinute >= MAX_LINES_PER_MINUTE) {
            return false;
        }
        if (take) {
            linesThisMinute++;
        }
        return true;
    }

    private static String key(String page, String reason) {
        return page + '\u0000' + reason;
    }
}
