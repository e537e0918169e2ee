package io.github.viewcache;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Passes everything the application writes straight on to the client and keeps a copy of
 * the body for the cache (and ViewCache's own cache-control field, which it keeps from the
 * client: {@link TargetedCacheControl}).
 *
 * <p>Nothing is held back: headers, status, {@code flushBuffer} and commits happen exactly as
 * without the filter, so a miss costs the client nothing. The writer is the container's own
 * (so it picks the charset and completes Content-Type as it always would); the copy is
 * encoded with the same charset.
 */
final class CapturingResponse extends TargetedCacheControl {

    private final CaptureBuffer capture;
    private ServletOutputStream stream;
    private PrintWriter writer;
    private CopyWriter captureWriter;
    private boolean errorSent;
    private boolean cookieAdded;
    private boolean urlRewritten;

    CapturingResponse(HttpServletResponse response, int maxBytes, boolean keepSurrogateKey) {
        super(response, keepSurrogateKey);
        this.capture = new CaptureBuffer(maxBytes);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new TeeOutputStream(super.getOutputStream(), capture);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            Writer real = super.getWriter();
            // REPORT, not replace: containers replace unencodable chars in their own ways, so a
            // copy encoded by us could differ from what the client got; such a page is not stored.
            CharsetEncoder encoder = Charset.forName(getCharacterEncoding()).newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            captureWriter = new CopyWriter(new OutputStreamWriter(capture, encoder));
            writer = new PrintWriter(new TeeWriter(real, captureWriter));
        }
        return writer;
    }

    @Override
    public void reset() {
        // reset() clears every header, ours too; the answer must still say what the cache did.
        String xCache = getHeader(ResponseCachingFilter.X_CACHE);
        String cacheStatus = getHeader(CacheStatus.HEADER);
        super.reset();
        clearCapture();
        if (xCache != null) {
            setHeader(ResponseCachingFilter.X_CACHE, xCache);
        }
        if (cacheStatus != null) {
            setHeader(CacheStatus.HEADER, cacheStatus);
        }
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        clearCapture();
    }

    private void clearCapture() {
        flushCaptureWriter();
        capture.reset();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        errorSent = true;
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        errorSent = true;
        super.sendError(sc);
    }

    @Override
    public void addCookie(Cookie cookie) {
        cookieAdded = true;
        super.addCookie(cookie);
    }

    @Override
    public String encodeURL(String url) {
        return noticeRewrite(url, super.encodeURL(url));
    }

    @Override
    public String encodeRedirectURL(String url) {
        return noticeRewrite(url, super.encodeRedirectURL(url));
    }

    /** A URL the container rewrote carries the session id, wherever the page puts it. */
    private String noticeRewrite(String url, String encoded) {
        if (encoded != null && !encoded.equals(url)) {
            urlRewritten = true;
        }
        return encoded;
    }

    /**
     * Ends the response to the client now, as the container would once the filter returns, so
     * that the client does not wait for the store to Redis that follows. Closing, rather than
     * flushing, is what sends the end of a chunked body and lets the container set
     * Content-Length on a body that fits its buffer.
     */
    void complete() throws IOException {
        if (writer != null) {
            writer.close();
        } else {
            getOutputStream().close();
        }
    }

    /** True when the copy may differ from what the client received. */
    boolean copyIncomplete() {
        CaptureBuffer body = body();
        return body.overflowed() || (captureWriter != null && captureWriter.failed());
    }

    boolean errorSent() {
        return errorSent;
    }

    boolean cookieAdded() {
        return cookieAdded;
    }

    /** Whether {@code encodeURL} or {@code encodeRedirectURL} changed a URL (added a session id). */
    boolean urlRewritten() {
        return urlRewritten;
    }

    /** The captured body, complete once the application has finished writing. */
    CaptureBuffer body() {
        flushCaptureWriter();
        return capture;
    }

    private void flushCaptureWriter() {
        if (captureWriter != null) {
            captureWriter.flush();
        }
    }

    private static final class TeeOutputStream extends ServletOutputStream {
        private final ServletOutputStream client;
        private final CaptureBuffer copy;

        TeeOutputStream(ServletOutputStream client, CaptureBuffer copy) {
            this.client = client;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            client.write(b);
            copy.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            client.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            client.flush();
        }

        @Override
        public void close() throws IOException {
            client.close();
        }

        @Override
        public boolean isReady() {
            return client.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            client.setWriteListener(listener);
        }
    }

    /** Writes to the client, then to the copy; the copy never throws (see {@link CopyWriter}). */
    private static final class TeeWriter extends Writer {
        private final Writer client;
        private final Writer copy;

        TeeWriter(Writer client, Writer copy) {
            this.client = client;
            this.copy = copy;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            client.write(cbuf, off, len);
            copy.write(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            client.write(str, off, len);
            copy.write(str, off, len);
        }

        @Override
        public void write(int c) throws IOException {
            client.write(c);
            copy.write(c);
        }

        @Override
        public void flush() throws IOException {
            client.flush();
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /**
     * Encodes the copy. An encoding failure must not reach the application, whose client
     * output is fine: it only stops the copy and marks it unusable.
     */
    private static final class CopyWriter extends Writer {
        private final Writer encoder;
        private boolean failed;

        CopyWriter(Writer encoder) {
            this.encoder = encoder;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            if (!failed) {
                try {
                    encoder.write(cbuf, off, len);
                } catch (IOException e) {
                    failed = true;
                }
            }
        }

        @Override
        public void flush() {
            if (!failed) {
                try {
                    encoder.flush();
                } catch (IOException e) {
                    failed = true;
                }
            }
        }

        @Override
        public void close() {
            flush();
        }

        boolean failed() {
            return failed;
        }
    }
}
