package io.github.viewcache;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A write's request as the application sees it, for a write it answers asynchronously: the
 * async answer goes through the held response too, and its end (the application's
 * {@code complete()} or {@code dispatch()}, a timeout, an error) runs {@code onEnd} first, which
 * evicts with the answer's final status and headers and only then releases it. Without this
 * the evictions were worked out when the filter returned, before an async handler had set its
 * status or {@code Location}.
 */
final class AsyncWriteRequest extends HttpServletRequestWrapper {

    private static final Logger LOG = Logger.getLogger(AsyncWriteRequest.class.getName());

    private final ServletResponse held;
    private final Runnable onEnd;
    private AsyncContext async;

    /**
     * @param held the held response, which async work must write to
     * @param onEnd evicts and releases the held answer; run once
     */
    AsyncWriteRequest(HttpServletRequest request, ServletResponse held, Runnable onEnd) {
        super(request);
        this.held = held;
        this.onEnd = onEnd;
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, held);
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        async = new Ending(super.startAsync(request, response));
        return async;
    }

    @Override
    public AsyncContext getAsyncContext() {
        return async != null ? async : super.getAsyncContext();
    }

    /** The container's async context, but for running {@code onEnd} before the answer ends. */
    private final class Ending implements AsyncContext, AsyncListener {
        private final AsyncContext context;
        private boolean ended;

        Ending(AsyncContext context) {
            this.context = context;
            context.addListener(this);
        }

        private synchronized void end() {
            if (!ended) {
                ended = true;
                try {
                    onEnd.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "ViewCache: evicting after an asynchronous write failed", e);
                }
            }
        }

        @Override
        public void complete() {
            end();
            context.complete();
        }

        @Override
        public void dispatch() {
            end();
            context.dispatch();
        }

        @Override
        public void dispatch(String path) {
            end();
            context.dispatch(path);
        }

        @Override
        public void dispatch(ServletContext servletContext, String path) {
            end();
            context.dispatch(servletContext, path);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end();
        }

        @Override
        public void onError(AsyncEvent event) {
            end();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end(); // completed some other way (the container's own timeout handling, say)
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }

        @Override
        public ServletRequest getRequest() {
            return context.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return context.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return context.hasOriginalRequestAndResponse();
        }

        @Override
        public void start(Runnable run) {
            context.start(run);
        }

        @Override
        public void addListener(AsyncListener listener) {
            context.addListener(listener);
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            context.addListener(listener, request, response);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
            return context.createListener(type);
        }

        @Override
        public void setTimeout(long timeout) {
            context.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return context.getTimeout();
        }
    }

    /** {@code HeldResponse.finish()} for {@code onEnd}, which may not throw: a client gone is no failure here. */
    static void finishQuietly(HeldResponse held) {
        try {
            held.finish();
        } catch (IOException clientGone) {
            LOG.log(Level.FINE, "the client of an asynchronous write left", clientGone);
        }
    }
}
