package io.github.viewcache.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection, as small as a load generator's: write a request, read
 * the status, the headers (for Content-Length) and the body. Loopback only.
 *
 * <p>The answer is scanned as bytes in a buffer of its own, with no String per header line and
 * no lock per byte: the generator shares the cores with the servers, and one that paid more per
 * header byte would make the servers that send more headers (validators, {@code Age},
 * {@code Cache-Status}) look slower than they are.
 */
final class HttpConnection implements AutoCloseable {

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.ISO_8859_1);

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buffer = new byte[16384];
    private int pos;
    private int limit;
    private byte[] body = new byte[4096];
    int lastStatus;
    int lastLength;

    HttpConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends one request and reads its answer; returns the status. */
    int exchange(String method, String path, byte[] requestBody) throws IOException {
        return exchange(method, path, requestBody, null);
    }

    /** {@link #exchange(String, String, byte[])} with a {@code Cookie} header, unless {@code null}. */
    int exchange(String method, String path, byte[] requestBody, String cookie) throws IOException {
        StringBuilder head = new StringBuilder(96).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (cookie != null) {
            head.append("Cookie: ").append(cookie).append("\r\n");
        }
        if (requestBody != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(requestBody.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] request = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (requestBody != null && requestBody.length > 0) {
            request = Arrays.copyOf(request, request.length + requestBody.length);
            System.arraycopy(requestBody, 0, request, request.length - requestBody.length, requestBody.length);
        }
        out.write(request);
        out.flush();

        int start = lineEnd();
        lastStatus = (buffer[pos + 9] - '0') * 100 + (buffer[pos + 10] - '0') * 10 + (buffer[pos + 11] - '0');
        pos = start;
        int length = 0;
        boolean chunked = false;
        while (true) {
            int next = lineEnd();
            int lineLength = next - 2 - pos;
            if (lineLength == 0) {
                pos = next;
                break;
            }
            if (startsWithIgnoreCase(pos, lineLength, CONTENT_LENGTH)) {
                length = parseInt(pos + CONTENT_LENGTH.length, next - 2, 10);
            } else if (startsWithIgnoreCase(pos, lineLength, TRANSFER_ENCODING)) {
                chunked = true;
            }
            pos = next;
        }
        lastLength = chunked ? readChunked() : readBody(0, length);
        return lastStatus;
    }

    String bodyText() {
        return new String(body, 0, lastLength, StandardCharsets.UTF_8);
    }

    /** Where the line at {@code pos} ends, after its CRLF; reads more as needed. */
    private int lineEnd() throws IOException {
        int i = pos;
        while (true) {
            for (; i + 1 < limit; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    return i + 2;
                }
            }
            int scanned = i - pos;
            fill();
            i = pos + scanned;
        }
    }

    /** Moves what is unread to the front and reads more after it. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buffer.length) {
            throw new IOException("a header line longer than " + buffer.length + " bytes");
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            throw new IOException("connection closed");
        }
        limit += n;
    }

    private boolean startsWithIgnoreCase(int at, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((buffer[at + i] | 0x20) != prefix[i] && buffer[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private int parseInt(int from, int to, int radix) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(buffer[i], radix);
            if (digit >= 0) {
                value = value * radix + digit;
            } else if (buffer[i] != ' ') {
                break;
            }
        }
        return value;
    }

    /** Reads {@code length} body bytes into {@link #body} at {@code offset}. */
    private int readBody(int offset, int length) throws IOException {
        if (body.length < offset + length) {
            body = Arrays.copyOf(body, (offset + length) * 2);
        }
        int buffered = Math.min(length, limit - pos);
        System.arraycopy(buffer, pos, body, offset, buffered);
        pos += buffered;
        int read = buffered;
        while (read < length) {
            int n = in.read(body, offset + read, length - read);
            if (n < 0) {
                throw new IOException("connection closed mid-body");
            }
            read += n;
        }
        return length;
    }

    private int readChunked() throws IOException {
        int total = 0;
        while (true) {
            int next = lineEnd();
            int size = parseInt(pos, next - 2, 16);
            pos = next;
            if (size == 0) {
                pos = lineEnd();
                return total;
            }
            total += readBody(total, size);
            pos = lineEnd(); // the CRLF after the chunk
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
