package se.indikatorvakt.db;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics of the written tables up with a table that grows fast from empty (migration
 * V190 says why and by which rule), asked after the change feed's notifications of commits: on a new database, the
 * first statistics come within a second of the first commit, not after autovacuum's first round.
 *
 * <p>At most one request is in flight and at most one starts per {@link #INTERVAL}, so a burst of commits costs one
 * call, and a commit that comes meanwhile is followed by one more call once the interval has passed, so that the last
 * of a burst is never left unchecked; all state is touched on the change feed's context.
 */
public final class PlannerStatistics {
  private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);
  static final String ANALYZE_GROWN = "SELECT analyze_grown_tables() AS analyzed";
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  /** A request is in flight or waits for its interval: a commit meanwhile only asks for one more after it. */
  private boolean busy;
  private boolean again;
  private Instant next = Instant.EPOCH;

  public PlannerStatistics(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
  }

  /** Follows the commits of ingest, alerting and the outbox. */
  public void follow(ChangeFeed changes) {
    changes.subscribe(ChangeFeed.MEASUREMENTS, this::committed)
        .subscribe(ChangeFeed.ALERTS, this::committed)
        .subscribe(ChangeFeed.OUTBOX, this::committed);
  }

  private void committed() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    long wait = Duration.between(clock.instant(), next).toMillis();
    if (wait > 0) {
      vertx.setTimer(wait, id -> ask());
    } else {
      ask();
    }
  }

  private void ask() {
    next = clock.instant().plus(INTERVAL);
    pool.query(ANALYZE_GROWN).execute()
        .onSuccess(rows -> {
          int analyzed = rows.iterator().next().getInteger("analyzed");
          if (analyzed > 0) {
            LOG.debug("Planner statistics taken again of {} grown tables", analyzed);
          }
        })
        .onFailure(e -> LOG.debug("Planner statistics not asked for this time: {}", e.getMessage()))
        .onComplete(done -> {
          busy = false;
          if (again) {
            again = false;
            committed();
          }
        });
  }
}
