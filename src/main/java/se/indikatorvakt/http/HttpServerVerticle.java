package se.indikatorvakt.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves one router on one port from one event loop; deployed once per configured instance so
 * that the API uses every core. On undeploy it stops accepting and lets in-flight requests finish.
 */
public final class HttpServerVerticle extends VerticleBase {
  private final Supplier<Router> router;
  private final String host;
  private final int port;
  private final Duration idleTimeout;
  private final Duration shutdownTimeout;
  private HttpServer server;

  public HttpServerVerticle(Supplier<Router> router, String host, int port, Duration idleTimeout,
      Duration shutdownTimeout) {
    this.router = router;
    this.host = host;
    this.port = port;
    this.idleTimeout = idleTimeout;
    this.shutdownTimeout = shutdownTimeout;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setCompressionSupported(true)
            .setMaxHeaderSize(16 * 1024)
            .setMaxInitialLineLength(8 * 1024)
            // a client that opens a connection and then stalls (or trickles a request) must not hold it for ever
            .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()))
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
        .invalidRequestHandler(ProblemResponder::invalidRequest)
        .requestHandler(router.get());
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
