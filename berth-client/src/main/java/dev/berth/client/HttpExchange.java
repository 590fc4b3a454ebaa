package dev.berth.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request and its response over a fresh connection ({@code Connection: close}),
 * written by hand because {@code java.net.http} cannot speak over unix sockets. Understands
 * {@code Content-Length}, chunked and read-to-close bodies. A watchdog closes the connection when
 * {@code timeout} passes.
 */
final class HttpExchange {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private HttpExchange() {}

    static HttpResponse send(EngineAddress address, String method, String path, byte[] body, Duration timeout) {
        SocketChannel channel;
        try {
            channel = address instanceof EngineAddress.Unix
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        } catch (IOException e) {
            throw new EngineClientException(0, "cannot open a socket: " + e.getMessage(), e);
        }
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
                channel.close();
            } catch (InterruptedException | IOException ignored) {
                // the exchange finished first
            }
        });
        try (channel) {
            try {
                channel.connect(address.socketAddress());
            } catch (IOException e) {
                throw new EngineClientException(0, "Cannot connect to the Berth daemon at " + address
                    + ". Is berthd running? (" + e.getMessage() + ")", e);
            }
            StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(address instanceof EngineAddress.Tcp t ? t.host() + ":" + t.port() : "api.moby.localhost").append("\r\n")
                .append("User-Agent: berth-cli\r\n")
                .append("Connection: close\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            writeFully(channel, head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) writeFully(channel, body);
            return read(Channels.newInputStream(channel), method.equals("HEAD"));
        } catch (IOException e) {
            throw new EngineClientException(0, "error talking to the daemon at " + address + ": " + e.getMessage(), e);
        } finally {
            watchdog.interrupt();
        }
    }

    private static void writeFully(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) channel.write(buf);
    }

    static HttpResponse read(InputStream in, boolean headOnly) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) throw new IOException("connection closed before a response");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP response: " + statusLine);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + statusLine, e);
        }
        Map<String, String> headers = new HashMap<>();
        int headerBytes = 0;
        for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) throw new IOException("response headers too large");
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body;
        if (headOnly || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new HttpResponse(status, parts.length > 2 ? parts[2] : "", Map.copyOf(headers), body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) throw new IOException("truncated chunked body");
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) return out.toByteArray();
                }
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) throw new IOException("truncated chunk");
            out.write(chunk);
            readLine(in);
        }
    }

    /** Reads a CRLF- (or LF-) terminated line; null at end of stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') break;
            line.write(b);
            if (line.size() > MAX_HEADER_BYTES) throw new IOException("line too long");
        }
        if (b == -1 && line.size() == 0) return null;
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
