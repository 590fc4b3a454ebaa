package dev.berth.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A deliberately small HTTP/1.1 client over a unix socket, so route tests exercise the real server. */
final class UnixHttpClient {
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() { return new String(body, StandardCharsets.UTF_8); }
    }

    private final Path socket;

    UnixHttpClient(Path socket) {
        this.socket = socket;
    }

    Response send(String method, String path, byte[] body) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            var out = Channels.newOutputStream(ch);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n");
            if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) out.write(body);
            out.flush();
            return read(Channels.newInputStream(ch), method.equals("HEAD"));
        }
    }

    /** Sends a GET and returns the open stream after the headers, for streaming endpoints. */
    InputStream openStream(String path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        Channels.newOutputStream(ch).write(("GET " + path + " HTTP/1.1\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = Channels.newInputStream(ch);
        readHeaders(in);
        return in;
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        var statusAndHeaders = readHeaders(in);
        int status = Integer.parseInt(statusAndHeaders.getKey().split(" ")[1]);
        Map<String, String> headers = statusAndHeaders.getValue();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head) return new Response(status, headers, new byte[0]);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                int size = Integer.parseInt(line(in).trim(), 16);
                if (size == 0) break;
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            in.transferTo(body);
        }
        return new Response(status, headers, body.toByteArray());
    }

    private static Map.Entry<String, Map<String, String>> readHeaders(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return Map.entry(statusLine, headers);
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') if (c != '\r') b.write(c);
        return b.toString(StandardCharsets.US_ASCII);
    }
}
