package io.github.viewcache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import jakarta.servlet.http.HttpServletRequest;

/** Which entries the cache compresses ({@code gzip=auto}) and which clients take gzip. */
final class ContentCoding {

    private ContentCoding() {
    }

    /** Whether the request's Accept-Encoding takes gzip with a q above 0 (an absent header does not). */
    static boolean acceptsGzip(HttpServletRequest request) {
        double gzip = -1;
        double any = -1;
        Enumeration<String> lines = request.getHeaders("Accept-Encoding");
        while (lines != null && lines.hasMoreElements()) {
            for (String item : lines.nextElement().split(",")) {
                String[] parts = item.split(";");
                String coding = parts[0].trim().toLowerCase(Locale.ROOT);
                double q = 1;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (param.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(param.substring(2).trim());
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (coding.equals("gzip") || coding.equals("x-gzip")) {
                    gzip = Math.max(gzip, q);
                } else if (coding.equals("*")) {
                    any = q;
                }
            }
        }
        return gzip >= 0 ? gzip > 0 : any > 0;
    }

    /** Text-like types that shrink well; images, archives and video are compressed already. */
    static boolean isCompressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/javascript") || type.equals("application/xml")
                || type.endsWith("+xml") || type.equals("image/svg+xml") || type.equals("application/x-www-form-urlencoded");
    }

    static byte[] gzip(byte[] bytes, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 3));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes, offset, length);
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: in-memory stream", e);
        }
        return out.toByteArray();
    }

    static void gunzip(byte[] bytes, int offset, int length, OutputStream out) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes, offset, length))) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        }
    }
}
