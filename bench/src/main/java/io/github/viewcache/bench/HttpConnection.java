package io.github.viewcache.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection, as small as a load generator's: write a request, read
 * the status, the headers (for Content-Length) and the body. Loopback only.
 */
final class HttpConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] line = new byte[8192];
    private byte[] body = new byte[4096];
    int lastStatus;
    int lastLength;

    HttpConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 1024);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
    }

    /** Sends one request and reads its answer; returns the status. */
    int exchange(String method, String path, byte[] requestBody) throws IOException {
        StringBuilder head = new StringBuilder(96).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (requestBody != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(requestBody.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (requestBody != null) {
            out.write(requestBody);
        }
        out.flush();

        String status = readLine();
        lastStatus = Integer.parseInt(status.substring(9, 12));
        int length = 0;
        boolean chunked = false;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            } else if (h.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                chunked = true;
            }
        }
        lastLength = chunked ? readChunked() : readBody(length);
        return lastStatus;
    }

    String bodyText() {
        return new String(body, 0, lastLength, StandardCharsets.UTF_8);
    }

    private int readBody(int length) throws IOException {
        if (body.length < length) {
            body = new byte[length];
        }
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
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
            int size = Integer.parseInt(readLine().trim(), 16);
            if (size == 0) {
                readLine();
                return total;
            }
            if (body.length < total + size) {
                body = java.util.Arrays.copyOf(body, (total + size) * 2);
            }
            int read = 0;
            while (read < size) {
                int n = in.read(body, total + read, size - read);
                if (n < 0) {
                    throw new IOException("connection closed mid-chunk");
                }
                read += n;
            }
            total += size;
            readLine();
        }
    }

    private String readLine() throws IOException {
        int n = 0;
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line[n++] = (byte) c;
            }
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
