package io.weatherforecast.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Sends a request's bytes as they are over a socket to 127.0.0.1 and reads one HTTP/1.1
 * answer (by Content-Length, chunks or the end of the connection): nothing on the way
 * normalises or refuses the request, as an HTTP client library would. Shared with the
 * end-to-end hostile-input suite through this module's test jar.
 */
public final class RawHttp {

    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private RawHttp() {
    }

    public static Answer send(int port, String request) {
        return send(port, request.getBytes(StandardCharsets.UTF_8));
    }

    public static Answer send(int port, byte[] request) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            }
            catch (IOException refusedMidway) {
                // the server may answer and close before it has read everything: read
                // what it said
            }
            Answer answer = read(socket.getInputStream());
            return answer.took(Duration.ofNanos(System.nanoTime() - start));
        }
        catch (IOException ex) {
            return new Answer(0, "", "<" + ex + ">", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/")) {
            return new Answer(0, "", "<no HTTP answer: " + statusLine + ">", Duration.ZERO);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        String contentType = "";
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-type" -> contentType = value;
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                default -> {
                }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                body.write(in.readNBytes(size));
                line(in);
            }
        }
        else if (length >= 0) {
            body.write(in.readNBytes((int) length));
        }
        else {
            body.write(in.readNBytes(1 << 20));
        }
        return new Answer(status, contentType, body.toString(StandardCharsets.UTF_8), Duration.ZERO);
    }

    private static int chunkSize(String line) {
        return (line == null) ? 0 : Integer.parseInt(line.split(";")[0].trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return (line.size() == 0) ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** An answer; status 0 when the server closed the connection without one. */
    public record Answer(int status, String contentType, String body, Duration latency) {

        public boolean isProblem() {
            return this.contentType.startsWith("application/problem+json");
        }

        Answer took(Duration latency) {
            return new Answer(this.status, this.contentType, this.body, latency);
        }

    }

}
