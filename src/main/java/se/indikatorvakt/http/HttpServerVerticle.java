package se.indikatorvakt.http;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves one router on one port from one event loop; deployed once per configured instance so
 * that the API uses every core. On undeploy it stops accepting and lets in-flight requests finish.
 *
 * <p>HTTP/1.1 only (a proxy in front speaks HTTP/2 and TLS): every connection then passes the same decoder
 * ({@link StrictRequestDecoder}) and the same deadlines ({@link RequestDeadlines}), which Vert.x offers no option
 * for, so they are put into the connection's Netty pipeline when it opens, before it reads a byte.
 */
public final class HttpServerVerticle extends VerticleBase {
  private static final String DECODER = "httpDecoder";
  private static final String ENCODER = "httpEncoder";

  private final Supplier<Router> router;
  private final String host;
  private final int port;
  private final ConnectionLimits limits;
  private final Duration shutdownTimeout;
  private HttpServer server;

  public HttpServerVerticle(Supplier<Router> router, String host, int port, ConnectionLimits limits,
      Duration shutdownTimeout) {
    this.router = router;
    this.host = host;
    this.port = port;
    this.limits = limits;
    this.shutdownTimeout = shutdownTimeout;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(true)
        .setMaxHeaderSize(16 * 1024)
        .setMaxInitialLineLength(8 * 1024)
        // a client that opens a connection and then falls silent must not hold it for ever
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, limits.idleTimeout().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    Router routes = router.get();
    server = vertx.createHttpServer(options)
        .connectionHandler(connection -> guard(connection, options))
        .invalidRequestHandler(ProblemResponder::invalidRequest)
        .requestHandler(request -> {
          if (lacksHost(request)) {
            ProblemResponder.missingHost(request);
          } else {
            routes.handle(request);
          }
        });
    return server.listen();
  }

  private void guard(HttpConnection connection, HttpServerOptions options) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    countConnection(base);
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    if (pipeline.get(DECODER) == null || pipeline.get(ENCODER) == null) {
      return;
    }
    RequestDeadlines deadlines = new RequestDeadlines(limits);
    pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
    pipeline.addBefore(DECODER, "requestClock", deadlines.bytesIn());
    pipeline.addAfter(ENCODER, "requestDeadlines", deadlines.messages());
  }

  /**
   * Vert.x 5.0 can hand over a connection accepted in the instant between the port being bound and the server's
   * metrics being created (a health check polling a starting service hits it); the connection then has no socket
   * metric, and its first request fails inside the metrics with a NullPointerException and is never answered. The
   * metric is made here, before the connection reads a byte, from the same server metrics that will count it.
   */
  private static void countConnection(ConnectionBase connection) {
    if (connection.metric() == null && connection.metrics() instanceof TCPMetrics<?> server) {
      connection.metric(server.connected(connection.remoteAddress(), connection.remoteName()));
    }
  }

  /** RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request without Host. */
  private static boolean lacksHost(HttpServerRequest request) {
    return request.version() == HttpVersion.HTTP_1_1 && !request.headers().contains("Host");
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
