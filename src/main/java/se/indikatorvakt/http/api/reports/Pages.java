package se.indikatorvakt.http.api.reports;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** The headers of every page and report this feature serves: never cached, no referrer (tokens are in URLs). */
final class Pages {
  private Pages() {}

  static void html(RoutingContext ctx, int status, String page) {
    secure(ctx, status, "text/html; charset=utf-8").end(page);
  }

  static void html(RoutingContext ctx, int status, byte[] page) {
    secure(ctx, status, "text/html; charset=utf-8").end(Buffer.buffer(page));
  }

  static void pdf(RoutingContext ctx, String fileName, byte[] pdf) {
    secure(ctx, 200, "application/pdf")
        .putHeader("Content-Disposition", "inline; filename=\"" + fileName + "\"")
        .end(Buffer.buffer(pdf));
  }

  private static io.vertx.core.http.HttpServerResponse secure(RoutingContext ctx, int status, String type) {
    return ctx.response().setStatusCode(status)
        .putHeader("Content-Type", type)
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'");
  }
}
