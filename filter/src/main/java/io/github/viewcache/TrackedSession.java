package io.github.viewcache;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Enumeration;

import jakarta.servlet.http.HttpSession;

/**
 * A session the render created, handed to the application so that a value it reads from the
 * session, or anything it writes there, is noticed ({@code cache-new-sessions}): a page built
 * from that is not the page every new visitor gets. Reading the id alone is not such a use
 * (frameworks log it); whether the id reached the page is checked on the response.
 *
 * <p>A dynamic proxy rather than a class: {@code HttpSession} lost methods between Servlet 5
 * and 6, and a proxy implements exactly the interface the container has.
 */
final class TrackedSession implements InvocationHandler {

    private final HttpSession session;
    private final VisitorReads reads;

    private TrackedSession(HttpSession session, VisitorReads reads) {
        this.session = session;
        this.reads = reads;
    }

    static HttpSession of(HttpSession session, VisitorReads reads) {
        return (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, new TrackedSession(session, reads));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("equals") && args != null && args.length == 1) {
            return proxy == args[0] || session.equals(args[0]);
        }
        Object result;
        try {
            result = method.invoke(session, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        switch (name) {
            case "getAttribute":
            case "getValue":
                if (result != null) {
                    reads.newSessionUsed("read " + args[0] + " from it");
                }
                break;
            case "getAttributeNames":
                if (result instanceof Enumeration && ((Enumeration<?>) result).hasMoreElements()) {
                    reads.newSessionUsed("read its attribute names");
                }
                break;
            case "getValueNames":
                if (result instanceof String[] && ((String[]) result).length > 0) {
                    reads.newSessionUsed("read its attribute names");
                }
                break;
            case "setAttribute":
            case "putValue":
            case "removeAttribute":
            case "removeValue":
                reads.newSessionUsed("wrote " + args[0] + " to it");
                break;
            case "invalidate":
            case "setMaxInactiveInterval":
                reads.newSessionUsed("called " + name + "() on it");
                break;
            default:
                break;
        }
        return result;
    }
}
