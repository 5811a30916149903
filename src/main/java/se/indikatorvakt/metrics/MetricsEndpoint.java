package se.indikatorvakt.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * GET /metrics in the Prometheus text format: the registry's meters (Vert.x, JVM, the service's
 * counters) written per scrape, then the domain gauges, written once per change of the data
 * ({@link DomainExposition}). Prometheus asks for gzip; the answer is then two gzip members, the
 * small one compressed per scrape and the large one as it was cached. The work runs on a worker,
 * because with several thousand series the page is megabytes that would hold an event loop.
 */
public final class MetricsEndpoint {
  /** Prometheus text exposition format 0.0.4, the one every Prometheus and promtool read. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsEndpoint() {}

  public static Handler<RoutingContext> handler(Vertx vertx, PrometheusMeterRegistry registry, Metrics metrics) {
    return ctx -> {
      boolean gzip = acceptsGzip(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
      vertx.executeBlocking(() -> page(registry, metrics.domain(), gzip), false)
          .onSuccess(page -> {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
            if (gzip) {
              // set here, the HTTP server's own compression leaves the body as it is
              ctx.response().putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            }
            ctx.response().end(page);
          })
          .onFailure(ctx::fail);
    };
  }

  static Buffer page(PrometheusMeterRegistry registry, DomainExposition domain, boolean gzip) {
    ByteArrayOutputStream perScrape = new ByteArrayOutputStream(64 * 1024);
    try {
      registry.scrape(perScrape, CONTENT_TYPE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    perScrape.writeBytes(domain.moving(System.nanoTime()).getBytes(StandardCharsets.UTF_8));
    byte[] fresh = perScrape.toByteArray();
    return gzip
        ? Buffer.buffer(DomainExposition.gzip(fresh)).appendBytes(domain.gzip())
        : Buffer.buffer(fresh).appendBytes(domain.plain());
  }

  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
      String[] parts = coding.trim().split(";");
      if (parts[0].trim().equals("gzip") && !(parts.length > 1 && parts[1].trim().matches("q=0(\\.0*)?"))) {
        return true;
      }
    }
    return false;
  }
}
