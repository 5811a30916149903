package se.indikatorvakt.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN/NOTIFY shared by the whole process: one dedicated connection, reconnected
 * forever. A notification sent while this instance was disconnected is lost (PostgreSQL keeps
 * none), so every subscriber is also called after each (re)connect to catch up from the tables.
 *
 * <p>Writers send with {@code SELECT pg_notify('<channel>', '')} inside their transaction, so the
 * notification leaves only when the data is committed.
 *
 * <p>A lost connection is one WARN line with the server's reason and its return one INFO line with how long it was
 * away: the error that ends the connection is this class's to report, not an unhandled exception with a stack trace.
 */
public final class ChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  public static final String MEASUREMENTS = "indikatorvakt_measurements";
  public static final String ALERTS = "indikatorvakt_alerts";
  public static final String OUTBOX = "indikatorvakt_outbox";
  /** Outbox rows changed state (sent, failed, dead...): sent by a trigger (migration V35), not by the writers. */
  public static final String OUTBOX_STATE = "indikatorvakt_outbox_state";
  /** A new catalog version was accepted (catalog_version): every instance loads it and re-judges what it changed. */
  public static final String CATALOG = "indikatorvakt_catalog";

  private final PgSubscriber subscriber;
  private volatile boolean closing;
  private PgConnection watched;
  private String lastError = "closed by the server";
  private long lostAt;
  private boolean lost;

  public ChangeFeed(Vertx vertx, PgConnectOptions connect) {
    this.subscriber = PgSubscriber.subscriber(vertx, connect)
        .reconnectPolicy(retries -> {
          if (closing) {
            return -1L;
          }
          if (retries == 0) {
            lost();
          }
          return Math.min(5000L, 250L * (retries + 1));
        });
  }

  /** Calls {@code onChange} for every notification on the channel and after every (re)connect. */
  public ChangeFeed subscribe(String channel, Runnable onChange) {
    subscriber.channel(channel)
        .handler(payload -> onChange.run())
        .subscribeHandler(v -> {
          connected();
          onChange.run();
        });
    return this;
  }

  public Future<Void> start() {
    return subscriber.connect().onFailure(e -> LOG.warn("Change feed not connected yet: {}", e.getMessage()))
        .recover(e -> Future.succeededFuture());
  }

  public Future<Void> close() {
    closing = true;
    return subscriber.close();
  }

  private synchronized void lost() {
    if (!lost) {
      lost = true;
      lostAt = System.nanoTime();
      LOG.warn("Change feed connection lost ({}); reconnecting, then catching up from the tables", lastError);
    }
  }

  /** After every (re)connect, once per channel: the first of them reports the return. */
  private synchronized void connected() {
    PgConnection connection = subscriber.actualConnection();
    if (connection != null && connection != watched) {
      watched = connection;
      connection.exceptionHandler(error -> {
        synchronized (this) {
          lastError = error.getMessage();
        }
      });
    }
    if (lost) {
      lost = false;
      LOG.info("Change feed reconnected after {} ms; catching up from the tables",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt));
      lastError = "closed by the server";
    }
  }
}
