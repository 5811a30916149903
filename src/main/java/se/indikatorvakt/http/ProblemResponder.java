package se.indikatorvakt.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.db.DatabaseErrors;
import se.indikatorvakt.db.DatabaseOutage;

/**
 * The one place where a failed request becomes an application/problem+json response: domain
 * problems, router failures (404, 405, 413, 415) and unexpected errors alike.
 */
public final class ProblemResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);
  public static final String CONTENT_TYPE = "application/problem+json";
  public static final long DATABASE_RETRY_AFTER_SECONDS = 5;

  private ProblemResponder() {}

  /** The failure and error handler of a router; a 503 for an unavailable database is counted by {@code outage}. */
  public static Handler<RoutingContext> handler(DatabaseOutage outage) {
    return ctx -> handle(ctx, outage);
  }

  private static void handle(RoutingContext ctx, DatabaseOutage outage) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      if (!response.ended()) {
        response.reset();
      }
      return;
    }
    Throwable failure = ctx.failure();
    if (clientWentAway(ctx, failure)) {
      LOG.debug("The client closed the connection during {} {}", ctx.request().method(), ctx.normalizedPath());
      return;
    }
    if (failure instanceof ProblemException pe) {
      send(ctx, pe.problem(), pe.retryAfterSeconds());
    } else if (failure != null && DatabaseErrors.isUnavailable(failure)) {
      outage.refused(failure);
      send(ctx, Problem.of(503, ProblemType.DATABASE_UNAVAILABLE,
          "The database cannot be reached; nothing from this request was stored. Retry later."),
          DATABASE_RETRY_AFTER_SECONDS);
    } else if (failure instanceof HttpException he && he.getStatusCode() < 500) {
      send(ctx, forStatus(he.getStatusCode(), he.getPayload()), 0);
    } else if (failure == null && ctx.statusCode() > 0 && ctx.statusCode() < 500) {
      send(ctx, forStatus(ctx.statusCode(), null), 0);
    } else {
      String incident = UUID.randomUUID().toString();
      LOG.error("Unexpected failure {} serving {} {}", incident, ctx.request().method(), ctx.normalizedPath(), failure);
      send(ctx, Problem.of(500, ProblemType.INTERNAL_ERROR,
          "The request could not be completed. Incident " + incident + " is in the service log."), 0);
    }
  }

  /**
   * The request's own connection failed (the client closed it mid-body, or a deadline cut it): nobody is left to
   * answer, and it says nothing about the database, whatever the exception's message.
   */
  private static boolean clientWentAway(RoutingContext ctx, Throwable failure) {
    if (ctx.response().closed()) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpClosedException) {
        return true;
      }
    }
    return false;
  }

  public static void send(RoutingContext ctx, Problem problem, long retryAfterSeconds) {
    HttpServerResponse response = ctx.response().setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE);
    if (retryAfterSeconds > 0) {
      response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
    response.end(problem.toJson(ctx.request().path()).encode());
  }

  /**
   * Requests the HTTP decoder could not read (a header too large, a broken request line, two
   * Content-Length headers): answered here, before any router sees them, with the status Vert.x
   * would choose, but as a problem; the connection is closed because its framing cannot be trusted.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem = cause instanceof StrictRequestDecoder.AmbiguousFramingException
        ? Problem.of(400, ProblemType.AMBIGUOUS_FRAMING, "The request has both Transfer-Encoding and "
            + "Content-Length, so where it ends is ambiguous (RFC 9112 §6.1); the connection is closed.")
        : cause instanceof TooLongHttpLineException
        ? Problem.of(414, ProblemType.URI_TOO_LONG, "The request line is longer than this service reads.")
        : cause instanceof TooLongHttpHeaderException
            ? Problem.of(431, ProblemType.HEADERS_TOO_LARGE,
                "The request headers are larger than this service reads.")
            : Problem.of(400, ProblemType.BAD_REQUEST, "The request is not well-formed HTTP/1.1.");
    request.response().setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Connection", "close").end(problem.toJson(null).encode())
        .onComplete(done -> request.connection().close());
  }

  /** An HTTP/1.1 request without Host (RFC 9112 §3.2); its connection is closed like any badly framed one. */
  static void missingHost(HttpServerRequest request) {
    Problem problem = Problem.of(400, ProblemType.MISSING_HOST, "An HTTP/1.1 request must have a Host header.");
    request.response().setStatusCode(400).putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Connection", "close").end(problem.toJson(null).encode())
        .onComplete(done -> request.connection().close());
  }

  static Problem forStatus(int status, String payload) {
    return switch (status) {
      case 400 -> Problem.of(400, ProblemType.BAD_REQUEST,
          payload == null || payload.isBlank() ? "The request could not be read." : payload);
      case 401 -> Problem.of(401, ProblemType.UNAUTHORIZED,
          "Send a valid API key as 'Authorization: Bearer <key>'.");
      case 403 -> Problem.of(403, ProblemType.FORBIDDEN, "This key may not do that.");
      case 404 -> Problem.of(404, ProblemType.NOT_FOUND, "No such resource.");
      case 405 -> Problem.of(405, ProblemType.METHOD_NOT_ALLOWED,
          "This resource does not accept that method.");
      case 413 -> Problem.of(413, ProblemType.BODY_TOO_LARGE,
          "The body is larger than this service accepts; split it into smaller requests.");
      case 415 -> Problem.of(415, ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "Send the body as application/json.");
      default -> Problem.of(status, ProblemType.REQUEST_FAILED, "The request failed with status " + status + ".");
    };
  }
}
