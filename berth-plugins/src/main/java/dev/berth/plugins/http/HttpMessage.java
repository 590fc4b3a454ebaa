package dev.berth.plugins.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request or response, read and written whole: plugin calls are small JSON documents,
 * and the JDK's HTTP client and server cannot use unix sockets. Handles {@code Content-Length},
 * chunked bodies and bodies that end with the connection. Header names are kept lower-case.
 *
 * @param startLine {@code POST /VolumeDriver.Create HTTP/1.1} or {@code HTTP/1.1 200 OK}
 */
public record HttpMessage(String startLine, Map<String, String> headers, byte[] body) {
    private static final int MAX_LINE = 16 << 10;
    private static final int MAX_BODY = 16 << 20;

    /** Reads the next message; null when the peer closed the connection before sending one. */
    public static HttpMessage read(InputStream in, boolean isResponse) throws IOException {
        String start = line(in, true);
        if (start == null) return null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in, false); !h.isEmpty(); h = line(in, false)) {
            int colon = h.indexOf(':');
            if (colon > 0) headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            if (length > MAX_BODY) throw new IOException("body too large: " + length + " bytes");
            body = in.readNBytes(length);
            if (body.length < length) throw new EOFException("connection closed inside the body");
        } else if (isResponse) {
            body = in.readNBytes(MAX_BODY); // HTTP/1.0 style: the body ends with the connection
        } else {
            body = new byte[0];
        }
        return new HttpMessage(start, headers, body);
    }

    public void write(OutputStream out) throws IOException {
        StringBuilder head = new StringBuilder(startLine).append("\r\n");
        for (var h : headers.entrySet()) head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

    /** The status code of a response. */
    public int status() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    /** The path of a request, without a query string. */
    public String path() {
        String[] parts = startLine.split(" ", 3);
        String target = parts.length > 1 ? parts[1] : "/";
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, false);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
            if (size == 0) {
                while (!line(in, false).isEmpty()) { /* trailers */ }
                return out.toByteArray();
            }
            if (out.size() + size > MAX_BODY) throw new IOException("body too large");
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) throw new EOFException("connection closed inside a chunk");
            out.write(chunk);
            line(in, false);
        }
    }

    private static String line(InputStream in, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            if (c != '\r') buf.write(c);
            if (buf.size() > MAX_LINE) throw new IOException("header line too long");
        }
        if (c == -1) {
            if (eofAllowed && buf.size() == 0) return null;
            throw new EOFException("connection closed inside the header");
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
