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

    /** ViewCache's classes between the application and the call it made. */
    private static final String[] OWN = {
        TrackingRequest.class.getName(), TrackedSession.class.getName(), VisitorReads.class.getName(),
    };

    private CallSite() {
    }

    /** The application's frame that led here, or {@code "unknown"}. */
    static String ofCaller() {
        return of(new Throwable().getStackTrace());
    }

    static String of(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            if (!skipped(type)) {
                return type + "." + frame.getMethodName();
            }
        }
        return "unknown";
    }

    private static boolean skipped(String type) {
        if (type.equals(CallSite.class.getName()) || type.contains("$Proxy")) {
            return true;
        }
        for (String own : OWN) {
            if (type.equals(own) || type.startsWith(own + "$")) {
                return true;
            }
        }
        for (String prefix : SKIPPED) {
            if (type.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
