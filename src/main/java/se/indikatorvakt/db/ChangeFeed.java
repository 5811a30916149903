package se.indikatorvakt.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
  /**
   * The largest payload of {@link #MEASUREMENTS} that names its series; PostgreSQL refuses payloads of 8000 bytes
   * and more, and a listener rereads everything anyway when a commit changed that many series.
   */
  static final int MAX_PAYLOAD_BYTES = 7000;
  private static final char FIELD = '\t';
  private static final char SERIES = '\n';

  /** One series (indicator, org unit, kön) a commit changed, as the payload of {@link #MEASUREMENTS} names it. */
  public record Series(String indicator, String orgUnit, String gender) {}

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

  /**
   * Calls {@code onPayload} with every notification's payload on the channel, and {@code onConnect} after every
   * (re)connect, when notifications may have been missed.
   */
  public ChangeFeed subscribe(String channel, Consumer<String> onPayload, Runnable onConnect) {
    subscriber.channel(channel)
        .handler(onPayload::accept)
        .subscribeHandler(v -> {
          connected();
          onConnect.run();
        });
    return this;
  }

  /**
   * The payload of {@link #MEASUREMENTS} for a commit that changed these series: their keys while they fit, else
   * the empty payload, which tells listeners to reread every series. Ids are catalog slugs, without tabs or newlines.
   */
  public static String seriesPayload(Collection<Series> changed) {
    StringBuilder payload = new StringBuilder();
    int bytes = 0;
    for (Series s : changed) {
      String line = s.indicator() + FIELD + s.orgUnit() + FIELD + s.gender();
      bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
      if (bytes > MAX_PAYLOAD_BYTES) {
        return "";
      }
      if (!payload.isEmpty()) {
        payload.append(SERIES);
      }
      payload.append(line);
    }
    return payload.toString();
  }

  /** The series a payload of {@link #MEASUREMENTS} names; empty when it names none and everything is to be reread. */
  public static Optional<List<Series>> seriesOf(String payload) {
    if (payload == null || payload.isEmpty()) {
      return Optional.empty();
    }
    List<Series> series = new ArrayList<>();
    for (String line : payload.split(String.valueOf(SERIES))) {
      String[] fields = line.split(String.valueOf(FIELD), -1);
      if (fields.length != 3) {
        return Optional.empty();
      }
      series.add(new Series(fields[0], fields[1], fields[2]));
    }
    return Optional.of(series);
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
