package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time-driven part of alerting: silence expiry, pending day-level alerts that have lasted, missing reports,
 * first notices, reminders and escalation. Every instance ticks, but only the one holding a PostgreSQL advisory lock
 * on its own connection works: when that instance dies its connection closes, PostgreSQL releases the lock and
 * another instance's next tick takes over. Nothing is kept in memory between ticks: each piece of work re-reads the
 * tables under row locks and records what it did in the same transaction, so a tick that runs twice (a lost
 * connection noticed late) does nothing twice.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final Vertx vertx;
  private final PgConnectOptions connectOptions;
  private final Duration interval;
  private final Clock clock;
  private final Function<Instant, Future<Void>> work;
  private final Consumer<Duration> ticked;
  private PgConnection lockConnection;
  private boolean leader;
  private boolean stopped;
  private long timer = -1;
  private Future<Void> running = Future.succeededFuture();

  Scheduler(Vertx vertx, PgConnectOptions connectOptions, Duration interval, Clock clock,
      Function<Instant, Future<Void>> work, Consumer<Duration> ticked) {
    this.vertx = vertx;
    this.connectOptions = connectOptions;
    this.interval = interval;
    this.clock = clock;
    this.work = work;
    this.ticked = ticked;
  }

  public Future<Void> start() {
    timer = vertx.setPeriodic(interval.toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  /** Stops ticking, lets a running tick finish, and gives up the lock so that another instance takes over at once. */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return running.recover(e -> Future.succeededFuture())
        .compose(v -> lockConnection == null ? Future.<Void>succeededFuture() : lockConnection.close())
        .recover(e -> Future.succeededFuture());
  }

  private void tick() {
    if (stopped || !running.isComplete()) {
      return;
    }
    running = leadership()
        .compose(isLeader -> isLeader ? timed() : Future.<Void>succeededFuture())
        .onFailure(e -> LOG.warn("Alert scheduler tick failed, the next tick retries: {}", e.getMessage()));
  }

  private Future<Void> timed() {
    long start = System.nanoTime();
    return work.apply(clock.instant()).onSuccess(v -> ticked.accept(Duration.ofNanos(System.nanoTime() - start)));
  }

  private Future<Boolean> leadership() {
    if (leader && lockConnection != null) {
      return Future.succeededFuture(true);
    }
    Future<PgConnection> connection = lockConnection != null ? Future.succeededFuture(lockConnection)
        : PgConnection.connect(vertx, connectOptions).onSuccess(conn -> {
          lockConnection = conn;
          // the close that follows is logged below; without a handler the driver prints the error's stack trace
          conn.exceptionHandler(e -> LOG.debug("Alert scheduler lock connection failed: {}", e.getMessage()));
          conn.closeHandler(v -> {
            if (leader && !stopped) {
              LOG.warn("Alert scheduler lost its lock connection; another instance may take over");
            }
            lockConnection = null;
            leader = false;
          });
        });
    return connection
        .compose(conn -> conn.query(AlertStatements.TRY_SCHEDULER_LOCK).execute())
        .map(rows -> {
          leader = rows.iterator().next().getBoolean(0);
          if (leader) {
            LOG.info("This instance now runs the alert scheduler (escalations, reminders, missing reports)");
          }
          return leader;
        });
  }
}
