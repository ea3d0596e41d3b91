import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The floor of scripts/bench: the JDK's own HTTP server answering the same JSON as the hello, on virtual threads.
 * Usage: java -cp DIR Floor --server.port=PORT
 */
public class Floor {

    public static void main(String[] args) throws IOException {
        int port = 8080;
        for (String arg : args) {
            if (arg.startsWith("--server.port=")) {
                port = Integer.parseInt(arg.substring("--server.port=".length()));
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hello", Floor::hello);
        server.start();
    }

    private static void hello(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        String city = (query != null && query.startsWith("city=")) ? query.substring(5) : "beijing";
        byte[] body = ("{\"message\":\"hello\",\"city\":\"" + city.replaceAll("[^a-z-]", "") + "\"}")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

}
