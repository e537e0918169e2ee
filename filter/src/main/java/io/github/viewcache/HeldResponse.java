package io.github.viewcache;

import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Holds back an answer until the filter has had its say: the answer to a write until the pages
 * it changed are evicted, so a client that reads right after its write can never get the old
 * page; a render that may fail until it is known not to have, so a stale page can stand in
 * for a server error ({@code stale-if-error-seconds}).
 *
 * <p>The body is held here (bytes, or chars for the container's own writer, so encoding stays
 * the container's) up to the response's buffer size. The first moment the answer would reach
 * the client (the body outgrows that, the application flushes or redirects, or it returns)
 * runs {@code beforeCommit}, then lets everything through.
 */
final class HeldResponse extends HttpServletResponseWrapper {

    private final Runnable beforeCommit;
    private final int limit;
    private ByteBuffer heldBytes;
    private CharArrayWriter heldChars;
    private ServletOutputStream realStream;
    private PrintWriter realWriter;
    private ServletOutputStream stream;
    private PrintWriter writer;
    private boolean released;
    private boolean flushRequested;
    private boolean holdServerErrors;
    private int heldError;
    private String heldErrorMessage;

    /** A byte buffer whose array can be written without a copy. */
    private static final class ByteBuffer extends java.io.ByteArrayOutputStream {
        void writeTo(ServletOutputStream out) throws IOException {
            out.write(buf, 0, count);
        }
    }

    HeldResponse(HttpServletResponse response, Runnable beforeCommit, boolean holdServerErrors) {
        this(response, beforeCommit);
        this.holdServerErrors = holdServerErrors;
    }

    HeldResponse(HttpServletResponse response, Runnable beforeCommit) {
        super(response);
        this.beforeCommit = beforeCommit;
        this.limit = Math.max(response.getBufferSize(), 8192);
    }

    /** Releases the answer if nothing did so yet; called once the application has returned. */
    void finish() throws IOException {
        if (heldError != 0) {
            super.sendError(heldError, heldErrorMessage);
            return;
        }
        release();
        if (flushRequested) {
            super.flushBuffer();
        }
    }

    /**
     * Whether nothing has reached the client yet and the answer is a server error (a 5xx
     * status, or a held {@code sendError}): then {@link #discard()} may replace it.
     */
    boolean isUnsentServerError() {
        return !released && (heldError >= 500 || getStatus() >= 500);
    }

    /** Drops the held answer so another can be written instead. */
    void discard() {
        discardHeld();
        heldError = 0;
        super.reset();
    }

    /** Whether the answer went out before the application returned. */
    boolean releasedEarly() {
        return released;
    }

    private void release() throws IOException {
        if (released) {
            return;
        }
        released = true;
        beforeCommit.run();
        if (heldBytes != null) {
            heldBytes.writeTo(realStream);
            heldBytes = null;
        }
        if (heldChars != null) {
            heldChars.writeTo(realWriter);
            heldChars = null;
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            realStream = super.getOutputStream();
            heldBytes = new ByteBuffer();
            stream = new HoldingStream();
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            // The container's writer fixes the charset and Content-Type now, as it always would.
            realWriter = super.getWriter();
            heldChars = new CharArrayWriter();
            writer = new PrintWriter(new HoldingWriter());
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (released) {
            super.flushBuffer();
        } else {
            flushRequested = true;
        }
    }

    @Override
    public boolean isCommitted() {
        return released && super.isCommitted();
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        setStatus(SC_FOUND); // what sendRedirect sends, so the eviction sees a 3xx
        setHeader("Location", location);
        discardHeld();
        release();
        super.sendRedirect(location);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        discardHeld();
        if (holdServerErrors && sc >= 500 && !released) {
            heldError = sc;
            heldErrorMessage = msg;
            return;
        }
        released = true; // an error changes nothing: no eviction
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void reset() {
        super.reset();
        discardHeld();
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        discardHeld();
    }

    private void discardHeld() {
        if (heldBytes != null) {
            heldBytes.reset();
        }
        if (heldChars != null) {
            heldChars.reset();
        }
    }

    private final class HoldingStream extends ServletOutputStream {
        @Override
        public void write(int b) throws IOException {
            if (released) {
                realStream.write(b);
            } else {
                heldBytes.write(b);
                releaseIfFull(heldBytes.size());
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (released) {
                realStream.write(b, off, len);
            } else {
                heldBytes.write(b, off, len);
                releaseIfFull(heldBytes.size());
            }
        }

        @Override
        public void flush() throws IOException {
            if (released) {
                realStream.flush();
            } else {
                flushRequested = true;
            }
        }

        @Override
        public void close() throws IOException {
            release();
            realStream.close();
        }

        @Override
        public boolean isReady() {
            return realStream.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            realStream.setWriteListener(listener);
        }
    }

    private final class HoldingWriter extends Writer {
        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            if (released) {
                realWriter.write(cbuf, off, len);
            } else {
                heldChars.write(cbuf, off, len);
                releaseIfFull(heldChars.size());
            }
        }

        @Override
        public void flush() throws IOException {
            if (released) {
                realWriter.flush();
            } else {
                flushRequested = true;
            }
        }

        @Override
        public void close() throws IOException {
            release();
            realWriter.close();
        }
    }

    private void releaseIfFull(int held) throws IOException {
        if (held > limit) {
            release();
        }
    }
}
