package se.indikatorvakt.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * GET /metrics in the Prometheus text format: the registry's meters (Vert.x, JVM, the service's
 * counters) written per scrape, then the domain gauges, written once per change of the data
 * ({@link DomainExposition}). Prometheus asks for gzip; the answer is then two gzip members, the
 * small one compressed per scrape and the large one as it was cached. Without gzip the cached part is
 * unpacked as it is sent. The work runs on a worker, because with several thousand series the page
 * is megabytes that would hold an event loop, and the large part goes out in pieces of {@link #PIECE}
 * as the client takes them, so that a scrape never holds a second copy of it.
 *
 * <p>An installation of many kommuner may split the page ({@link Scope}): one scrape per kommun of
 * that kommun's domain series only, plus one scrape of the service's part, so that no series is
 * exposed twice.
 */
public final class MetricsEndpoint {
  /** Prometheus text exposition format 0.0.4, the one every Prometheus and promtool read. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * What one scrape shows.
   *
   * @param serviceMeters the process, JVM, HTTP and pool meters, the service's counters and the refresh time
   * @param domainSeries the domain series (every one carries a kommun label)
   * @param kommun with the domain series, only this kommun's; empty for every kommun's
   */
  public record Scope(boolean serviceMeters, boolean domainSeries, Optional<String> kommun) {
    /** /metrics: everything. */
    public static Scope everything() {
      return new Scope(true, true, Optional.empty());
    }

    /** /metrics?kommun=none: what belongs to no kommun. */
    public static Scope serviceOnly() {
      return new Scope(true, false, Optional.empty());
    }

    /** /metrics?kommun=0880: that kommun's domain series and nothing else. */
    public static Scope ofKommun(String code) {
      return new Scope(false, true, Optional.of(code));
    }
  }

  /** One answer: what is written per scrape, then the cached domain part, either gzip or unpacked as it is read. */
  record Page(Buffer head, InputStream rest, long length) {}

  /** Bytes of the cached part read (and unpacked) per hop to a worker: about a millisecond of work. */
  private static final int PIECE = 256 * 1024;

  private MetricsEndpoint() {}

  /** Whether the catalog the gauges were last refreshed with has the kommun; the only codes a scrape may ask for. */
  public static boolean knowsKommun(Metrics metrics, String code) {
    return metrics.domain().knowsKommun(code);
  }

  public static void serve(RoutingContext ctx, Vertx vertx, PrometheusMeterRegistry registry, Metrics metrics,
      Scope scope) {
    boolean gzip = acceptsGzip(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
    vertx.executeBlocking(() -> page(registry, metrics.domain(), scope, gzip), false)
        .onSuccess(page -> {
          HttpServerResponse response = ctx.response();
          response.putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
              .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(page.length()));
          if (gzip) {
            // set here, the HTTP server's own compression leaves the body as it is
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
          }
          response.closeHandler(closed -> close(page.rest()));
          response.write(page.head());
          send(vertx, response, page.rest());
        })
        .onFailure(ctx::fail);
  }

  /** The rest of the page piece by piece, each read on a worker, the next only when the client has taken the last. */
  private static void send(Vertx vertx, HttpServerResponse response, InputStream rest) {
    if (response.closed()) {
      close(rest);
      return;
    }
    vertx.executeBlocking(() -> rest.readNBytes(PIECE), false).onComplete(read -> {
      if (read.failed()) {
        close(rest);
        response.reset();
      } else if (read.result().length == 0) {
        close(rest);
        response.end();
      } else {
        response.write(Buffer.buffer(read.result()));
        if (response.writeQueueFull()) {
          response.drainHandler(drained -> send(vertx, response, rest));
        } else {
          send(vertx, response, rest);
        }
      }
    });
  }

  private static void close(InputStream rest) {
    try {
      rest.close();
    } catch (IOException ignored) {
      // an in-memory stream: nothing to release but the inflater, which close has freed either way
    }
  }

  static Page page(PrometheusMeterRegistry registry, DomainExposition domain, Scope scope, boolean gzip) {
    ByteArrayOutputStream perScrape = new ByteArrayOutputStream(64 * 1024);
    if (scope.serviceMeters()) {
      try {
        registry.scrape(perScrape, CONTENT_TYPE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    perScrape.writeBytes(domain.moving(System.nanoTime(), scope).getBytes(StandardCharsets.UTF_8));
    byte[] fresh = gzip ? DomainExposition.gzip(perScrape.toByteArray()) : perScrape.toByteArray();
    if (!scope.domainSeries()) {
      return new Page(Buffer.buffer(fresh), InputStream.nullInputStream(), fresh.length);
    }
    DomainExposition.Written cached = domain.written(scope.kommun());
    return gzip
        ? new Page(Buffer.buffer(fresh), cached.gzipStream(), fresh.length + cached.gzipLength())
        : new Page(Buffer.buffer(fresh), cached.plain(), fresh.length + cached.plainLength());
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
