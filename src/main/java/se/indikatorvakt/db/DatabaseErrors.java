package se.indikatorvakt.db;

import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.pgclient.PgException;
import java.util.function.Function;

/**
 * Tells a database that is down or overloaded apart from a query that is wrong, so that callers
 * get 503 with Retry-After for the first and the real error for the second.
 */
public final class DatabaseErrors {
  private DatabaseErrors() {}

  public static boolean isUnavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      // an HTTP connection closed by its client says "Connection was closed" too, but it is not the database's
      if (t instanceof HttpClosedException) {
        return false;
      }
      // the pool's wait queue is full: overloaded, not broken; callers should come back shortly
      if (t instanceof DatabaseUnavailableException || t instanceof ConnectionPoolTooBusyException
          || t instanceof java.net.ConnectException
          || t instanceof java.nio.channels.ClosedChannelException || t instanceof java.io.IOException) {
        return true;
      }
      if (t instanceof PgException pg) {
        String state = pg.getSqlState() == null ? "" : pg.getSqlState();
        // 08 connection exception, 53 insufficient resources, 57P admin shutdown / cannot connect now
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P");
      }
      String name = t.getClass().getName();
      if (name.startsWith("io.netty.channel") || name.endsWith("ClosedConnectionException")) {
        return true;
      }
      if (t instanceof VertxException && t.getMessage() != null) {
        String message = t.getMessage();
        if (message.contains("Timeout") || message.contains("waiting queue") || message.contains("closed")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Recovers a failed database future: connection-level failures become {@link DatabaseUnavailableException}. */
  public static <T> Function<Throwable, Future<T>> classify() {
    return error -> Future.failedFuture(isUnavailable(error) && !(error instanceof DatabaseUnavailableException)
        ? new DatabaseUnavailableException(error) : error);
  }
}
