package io.meterline.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, for requests no client library sends as they are (a malformed percent-escape, a
 * request line or headers past a limit, a chunked body past a limit). The body is written on its own thread while
 * the answer is read, so a server that answers and closes before reading the whole body is still heard.
 */
public final class RawHttp {

    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length: *(\\d+)\\r?$");
    private static final Pattern CHUNKED = Pattern.compile("(?im)^transfer-encoding: *chunked\\r?$");

    /** One answer: its status, head (status line and headers) and body as text. */
    public record Answer(int status, String head, String body) {

        /** The value of header {@code name} (case-insensitive), or null. */
        public String header(String name) {
            Matcher value = Pattern.compile("(?im)^" + Pattern.quote(name) + ": *(.*?)\\r?$").matcher(head);
            return value.find() ? value.group(1) : null;
        }

        /** Whether the body is JSON in the one error shape with error code {@code code}. */
        public boolean isError(String code) {
            String type = header("Content-Type");
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")
                    && body.startsWith("{") && body.contains("\"error\":\"" + code + "\"")
                    && body.contains("\"message\":\"") && body.contains("\"details\":[");
        }

        @Override
        public String toString() {
            return head + body;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code target} with {@code method}, the given extra header lines (each ending CRLF) and no body. */
    public static Answer send(int port, String method, String target, String headers) throws IOException {
        return exchange(port, (method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
    }

    /** POSTs {@code body} to {@code path} in chunks of 64 KiB ({@code Transfer-Encoding: chunked}, no length). */
    public static Answer postChunked(int port, String path, String headers, byte[] body) throws IOException {
        ByteArrayOutputStream chunked = new ByteArrayOutputStream(body.length + 1024);
        for (int at = 0; at < body.length; at += 65536) {
            int size = Math.min(65536, body.length - at);
            chunked.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, at, size);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n" + headers + "\r\n";
        return exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), chunked.toByteArray());
    }

    /** Writes {@code head} and then {@code body} on another thread, and reads one answer. */
    public static Answer exchange(int port, byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(head);
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed before reading everything: the answer is what counts
                }
            }, "raw-http-writer");
            writer.start();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
            head.append((char) b);
        }
        Matcher status = STATUS.matcher(head);
        if (!status.find()) {
            throw new IOException("no HTTP answer: '" + head + "'");
        }
        Matcher length = LENGTH.matcher(head);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1)))
                : CHUNKED.matcher(head).find() ? readChunks(in) : new byte[0];
        return new Answer(Integer.parseInt(status.group(1)), head.toString(), new String(body, StandardCharsets.UTF_8));
    }

    /** A chunked body (RFC 9112 section 7.1), extensions and trailers ignored. */
    private static byte[] readChunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        if (b < 0 && line.length() == 0) {
            throw new IOException("connection closed inside a chunked body");
        }
        return line.toString();
    }
}
