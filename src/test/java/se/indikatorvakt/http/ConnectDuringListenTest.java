package se.indikatorvakt.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.metrics.Registries;

/**
 * A load balancer polls the health endpoint while the service starts, so connections arrive while the port is
 * being bound. Vert.x 5.0 can accept one in the instant between the bind and the creation of the server's metrics;
 * that connection then carries no socket metric. That instant cannot be hit on purpose, so the server metrics here
 * leave their first connection uncounted, which is what the race leaves behind, and the real Micrometer metrics do
 * the rest.
 */
class ConnectDuringListenTest {
  private static final ConnectionLimits LIMITS =
      new ConnectionLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), 1024);

  private final PrometheusMeterRegistry registry = Registries.prometheus();
  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aConnectionAcceptedBeforeTheServerMetricsExistIsAnsweredAndCounted() throws Exception {
    VertxMetricsFactory micrometer = new MicrometerMetricsFactory(registry);
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(Registries.vertxOptions()))
        .withMetrics(options -> new FirstConnectionUncounted(micrometer.metrics(options)))
        .build();
    int port = freePort();
    vertx.deployVerticle(new HttpServerVerticle(() -> {
      Router router = Router.router(vertx);
      router.get("/health/ready").handler(context -> context.response().end("ja"));
      return router;
    }, "127.0.0.1", port, LIMITS, Duration.ZERO)).await(20, TimeUnit.SECONDS);

    assertThat(get(port)).as("the first connection's request").startsWith("HTTP/1.1 200");
    assertThat(get(port)).as("the next one's").startsWith("HTTP/1.1 200");
    assertThat(registry.find("vertx.http.server.requests").counters())
        .as("both requests counted").extracting(Counter::count).containsExactly(2.0);
  }

  private static String get(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException cut) {
      return "cut: " + cut.getMessage();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Micrometer's metrics, except that the HTTP server's first connection gets no socket metric. */
  private record FirstConnectionUncounted(VertxMetrics delegate) implements VertxMetrics {
    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
      return new RacedServer(delegate.createHttpServerMetrics(options, localAddress));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final class RacedServer implements HttpServerMetrics<Object, Object, Object> {
    private final HttpServerMetrics server;
    private final AtomicBoolean first = new AtomicBoolean(true);

    RacedServer(HttpServerMetrics<?, ?, ?> server) {
      this.server = server;
    }

    @Override
    public Object connected(SocketAddress remoteAddress, String remoteName) {
      return first.getAndSet(false) ? null : server.connected(remoteAddress, remoteName);
    }

    @Override
    public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
      server.disconnected(socketMetric, remoteAddress);
    }

    @Override
    public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
      server.bytesRead(socketMetric, remoteAddress, numberOfBytes);
    }

    @Override
    public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
      server.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
    }

    @Override
    public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
      server.exceptionOccurred(socketMetric, remoteAddress, t);
    }

    @Override
    public Object requestBegin(Object socketMetric, HttpRequest request) {
      return server.requestBegin(socketMetric, request);
    }

    @Override
    public void requestEnd(Object requestMetric, HttpRequest request, long bytesRead) {
      server.requestEnd(requestMetric, request, bytesRead);
    }

    @Override
    public void requestReset(Object requestMetric) {
      server.requestReset(requestMetric);
    }

    @Override
    public void responseBegin(Object requestMetric, HttpResponse response) {
      server.responseBegin(requestMetric, response);
    }

    @Override
    public Object responsePushed(Object socketMetric, HttpMethod method, String uri, HttpResponse response) {
      return server.responsePushed(socketMetric, method, uri, response);
    }

    @Override
    public void responseEnd(Object requestMetric, HttpResponse response, long bytesWritten) {
      server.responseEnd(requestMetric, response, bytesWritten);
    }

    @Override
    public void requestRouted(Object requestMetric, String route) {
      server.requestRouted(requestMetric, route);
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
