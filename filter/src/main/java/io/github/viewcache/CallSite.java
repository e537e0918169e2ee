package io.github.viewcache;

/**
 * Names the code that made a call: the first frame on the stack outside ViewCache's own
 * request wrappers, the JDK, the Servlet API and the servlet containers, as
 * {@code class.method}, so a log line can say which part of the application read the session.
 * Taken only when a line will be logged: a stack trace is not free.
 */
final class CallSite {

    /** Frames that are never the application's own call (a generated JSP, org.apache.jsp, is). */
    private static final String[] SKIPPED = {
        "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
        "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.", "org.apache.jasper.",
        "org.eclipse.jetty.",
    };

    /** Web frameworks: a call from one is also traced on to the application code that led to it. */
    private static final String[] FRAMEWORKS = {
        "org.springframework.", "org.apache.struts", "com.opensymphony.", "org.apache.tiles.",
        "org.apache.myfaces.", "org.thymeleaf.", "freemarker.", "org.apache.velocity.",
    };

    /** ViewCache's classes between the application and the call it made. */
    private static final String[] OWN = {
        TrackingRequest.class.getName(), TrackedSession.class.getName(), VisitorReads.class.getName(),
    };

    /** Where the application's part of the stack ends: past these, only the filter and the container. */
    private static final String[] FILTER = {
        ResponseCachingFilter.class.getName(), PageReads.class.getName(), PageWrites.class.getName(),
    };

    private CallSite() {
    }

    /**
     * The frame that made the call, or {@code "unknown"}; when that is a framework's, also the
     * application's frame that led to it: {@code org.springframework...getSession, called by
     * com.example.CartController.view}.
     */
    static String ofCaller() {
        return of(new Throwable().getStackTrace());
    }

    static String of(StackTraceElement[] stack) {
        String caller = null;
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            if (startsWithAny(type, FILTER)) {
                break;
            }
            if (skipped(type)) {
                continue;
            }
            String name = type + "." + frame.getMethodName();
            if (caller == null) {
                caller = name;
                if (!inFramework(type)) {
                    return caller;
                }
            } else if (!inFramework(type)) {
                return caller + ", called by " + name;
            }
        }
        return caller == null ? "unknown" : caller;
    }

    private static boolean inFramework(String type) {
        return startsWithAny(type, FRAMEWORKS);
    }

    private static boolean startsWithAny(String type, String[] prefixes) {
        for (String prefix : prefixes) {
            if (type.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean skipped(String type) {
        if (type.equals(CallSite.class.getName()) || type.contains("$Proxy")) {
            return true;
        }
        return startsWithAny(type, OWN) || startsWithAny(type, SKIPPED);
    }
}
