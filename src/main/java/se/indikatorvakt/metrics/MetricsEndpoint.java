package se.indikatorvakt.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;

/**
 * GET /metrics in the Prometheus text format. The page is written on a worker: with several
 * thousand indicator series it is megabytes of text, which would hold an event loop (and every
 * request on it) for the whole write. The HTTP server compresses it when Prometheus asks for gzip.
 */
public final class MetricsEndpoint {
  /** Prometheus text exposition format 0.0.4, the one every Prometheus and promtool read. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsEndpoint() {}

  public static Handler<RoutingContext> handler(Vertx vertx, PrometheusMeterRegistry registry) {
    return ctx -> vertx.executeBlocking(() -> {
          ByteArrayOutputStream page = new ByteArrayOutputStream(64 * 1024);
          registry.scrape(page, CONTENT_TYPE);
          return Buffer.buffer(page.toByteArray());
        }, false)
        .onSuccess(page -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
            .end(page))
        .onFailure(ctx::fail);
  }
}
