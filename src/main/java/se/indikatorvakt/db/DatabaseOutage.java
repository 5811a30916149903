package se.indikatorvakt.db;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator reads about a database outage: one WARN line when requests start being refused with 503, one
 * when the database answers again, with how long it took and how many requests were refused in between. A line per
 * refused request would be thousands in a short outage and hide everything else in the log.
 */
public final class DatabaseOutage {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
  private static final long PROBE_INTERVAL_MS = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private boolean down;
  private boolean closed;
  private long refused;
  private long since;
  private long probe = -1;

  public DatabaseOutage(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** A request was answered 503 because the database is unavailable. */
  public void refused(Throwable cause) {
    synchronized (this) {
      refused++;
      if (down || closed) {
        return;
      }
      down = true;
      since = System.nanoTime();
    }
    LOG.warn("Database unavailable ({}): requests are answered 503 until it answers again", reason(cause));
    probeLater();
  }

  /** Stops probing; the pool is about to close. */
  public synchronized void close() {
    closed = true;
    vertx.cancelTimer(probe);
  }

  private synchronized void probeLater() {
    if (!closed) {
      probe = vertx.setTimer(PROBE_INTERVAL_MS, id -> pool.query("SELECT 1").execute().onComplete(answer -> {
        if (answer.succeeded()) {
          back();
        } else {
          probeLater();
        }
      }));
    }
  }

  private void back() {
    long count;
    long seconds;
    synchronized (this) {
      count = refused;
      seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
      refused = 0;
      down = false;
    }
    LOG.warn("Database available again after {} s; {} requests were answered 503 meanwhile", seconds, count);
  }

  /** The innermost message: the server's or the socket's words, not the wrappers around them. */
  private static String reason(Throwable cause) {
    String reason = cause.getClass().getSimpleName();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        reason = t.getMessage().lines().findFirst().orElse(reason);
      }
    }
    return reason;
  }
}
