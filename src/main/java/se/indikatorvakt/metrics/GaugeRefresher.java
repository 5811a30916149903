package se.indikatorvakt.metrics;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.evaluation.Result;

/**
 * Keeps the domain gauges of this instance equal to the database, so that every instance shows the
 * same picture whichever one Prometheus scrapes: a refresh follows every commit that any instance
 * announces on the change feed (and every reconnect of the feed, which may have missed some), at
 * most once per metrics.refreshDebounce however many commits arrive, plus one every
 * metrics.refreshInterval for what changes without a notification (a catalog reload, the age of the oldest
 * unsent email).
 *
 * <p>One refresh at a time: a change that arrives while one runs is covered by exactly one more
 * refresh after it, because the running one may have read before that commit.
 */
public final class GaugeRefresher {
  private static final Logger LOG = LoggerFactory.getLogger(GaugeRefresher.class);
  private static final Map<String, Result> RESULTS = Arrays.stream(Result.values())
      .collect(Collectors.toUnmodifiableMap(Result::label, result -> result));

  private final Vertx vertx;
  private final Pool pool;
  private final ChangeFeed changes;
  private final CatalogService catalog;
  private final Metrics metrics;
  private final MetricsSettings settings;
  private final Clock clock;
  private final DomainExposition exposition;

  private volatile boolean failing;
  private Set<SeriesKey> dropped = Set.of();
  private Catalog viewOf;
  private CatalogView view;

  private boolean changed;
  private boolean running;
  private boolean timerArmed;
  private boolean stopped;
  private long lastStart = Long.MIN_VALUE / 4;
  private long lastEnd = Long.MIN_VALUE / 4;
  private long periodic = -1;
  private Future<Void> current = Future.succeededFuture();

  public GaugeRefresher(Vertx vertx, Pool pool, ChangeFeed changes, CatalogService catalog, Metrics metrics,
      MetricsSettings settings, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.changes = changes;
    this.catalog = catalog;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.exposition = metrics.domain();
  }

  /** Fills the gauges once before the service reports ready, then follows the change feed. */
  public Future<Void> start() {
    changes.subscribe(ChangeFeed.MEASUREMENTS, this::changed)
        .subscribe(ChangeFeed.ALERTS, this::changed)
        .subscribe(ChangeFeed.OUTBOX, this::changed)
        .subscribe(ChangeFeed.OUTBOX_STATE, this::changed);
    synchronized (this) {
      periodic = vertx.setPeriodic(settings.refreshInterval().toMillis(), id -> changed());
      running = true;
      lastStart = System.nanoTime();
      current = refresh();
      return current;
    }
  }

  /** Waits for a refresh in flight, so that the pool is not closed under it. */
  public Future<Void> stop() {
    Future<Void> last;
    synchronized (this) {
      stopped = true;
      vertx.cancelTimer(periodic);
      last = current;
    }
    return last;
  }

  private void changed() {
    synchronized (this) {
      changed = true;
    }
    startIfDue();
  }

  private void startIfDue() {
    synchronized (this) {
      if (stopped || running || timerArmed || !changed) {
        return;
      }
      // never sooner than refreshDebounce after the last start, nor sooner after the last end than that refresh
      // took: however large the catalog, refreshing takes at most half of one connection's time
      long due = Math.max(lastStart + settings.refreshDebounce().toNanos(), lastEnd + (lastEnd - lastStart));
      long waitMs = Duration.ofNanos(due - System.nanoTime()).toMillis();
      if (waitMs > 0) {
        timerArmed = true;
        vertx.setTimer(waitMs, id -> {
          synchronized (this) {
            timerArmed = false;
          }
          startIfDue();
        });
        return;
      }
      changed = false;
      running = true;
      lastStart = System.nanoTime();
      current = refresh();
    }
  }

  private Future<Void> refresh() {
    long started = System.nanoTime();
    CatalogView catalogNow = catalogView();
    Set<String> kommuner = catalog.current().kommuner().stream().map(Kommun::code).collect(Collectors.toSet());
    return KommunScope.snapshot(pool, kommuner, tx -> Future.all(
            tx.query(MetricsStatements.SERIES).execute(),
            tx.query(MetricsStatements.OPEN_ALERTS).execute(),
            tx.query(MetricsStatements.OUTBOX_BY_STATE).execute(),
            tx.query(MetricsStatements.OLDEST_UNSENT).execute()))
        .compose(rows -> vertx.executeBlocking(() -> {
          publish(rows, catalogNow);
          return null;
        }))
        .<Void>mapEmpty()
        .onSuccess(v -> {
          metrics.refreshed(Duration.ofNanos(System.nanoTime() - started));
          if (failing) {
            LOG.info("Domain gauges are refreshed from the database again");
          }
          failing = false;
        })
        .recover(e -> {
          metrics.refreshFailed();
          if (!failing) {
            LOG.warn("Domain gauges could not be refreshed; they keep their last values: {}", e.getMessage());
          }
          failing = true;
          return Future.succeededFuture();
        })
        .onComplete(done -> {
          synchronized (this) {
            running = false;
            lastEnd = System.nanoTime();
          }
          startIfDue();
        });
  }

  /** On a worker: rows to snapshot to finished exposition, so a large catalog never holds an event loop. */
  private void publish(CompositeFuture rows, CatalogView catalogNow) {
    RowSet<Row> series = rows.resultAt(0);
    RowSet<Row> alerts = rows.resultAt(1);
    RowSet<Row> outbox = rows.resultAt(2);
    RowSet<Row> oldest = rows.resultAt(3);
    DomainSnapshot snapshot = DomainSnapshot.of(readings(series), alertCounts(alerts), outboxCounts(outbox),
        Optional.ofNullable(oldest.iterator().next().getOffsetDateTime("oldest")).map(OffsetDateTime::toInstant),
        catalogNow, settings.maxSeries(), clock.instant(), System.nanoTime());
    Set<SeriesKey> droppedNow = new HashSet<>();
    snapshot.dropped().forEach(s -> droppedNow.add(s.key()));
    int newlyDropped = (int) droppedNow.stream().filter(key -> !dropped.contains(key)).count();
    if (newlyDropped > 0) {
      LOG.warn("{} indicator series exceed metrics.maxSeries={} and get no gauges ({} left out in all)",
          newlyDropped, settings.maxSeries(), droppedNow.size());
    }
    metrics.seriesDropped(newlyDropped);
    dropped = droppedNow;
    exposition.publish(snapshot);
  }

  /** By column position (the order of {@link MetricsStatements#SERIES}): thousands of rows, no name lookups. */
  private static List<SeriesReading> readings(RowSet<Row> rows) {
    List<SeriesReading> readings = new ArrayList<>(rows.size());
    for (Row row : rows) {
      readings.add(new SeriesReading(row.getString(0), row.getString(1), row.getString(2), row.getDouble(3),
          result(row.getString(4)), optional(row.getDouble(5)), optional(row.getDouble(6)),
          Instant.ofEpochMilli(Math.round(row.getDouble(7) * 1000))));
    }
    return readings;
  }

  private static List<DomainSnapshot.AlertCount> alertCounts(RowSet<Row> rows) {
    Map<List<String>, DomainSnapshot.AlertCount> counts = new TreeMap<>(Comparator.comparing(List::toString));
    for (String severity : Metrics.ALERT_SEVERITIES) {
      for (String state : List.of("pending", "firing")) {
        counts.put(List.of(severity, state), new DomainSnapshot.AlertCount(severity, state, 0, 0, 0, 0));
      }
    }
    for (Row row : rows) {
      String severity = row.getString("severity");
      String state = row.getString("state");
      counts.put(List.of(severity, state), new DomainSnapshot.AlertCount(severity, state, row.getLong("open"),
          row.getLong("acknowledged"), row.getLong("escalated"), row.getLong("unit_without_manager")));
    }
    return List.copyOf(counts.values());
  }

  private static Map<String, Long> outboxCounts(RowSet<Row> rows) {
    Map<String, Long> counts = new HashMap<>();
    rows.forEach(row -> counts.put(row.getString("state"), row.getLong("messages")));
    return counts;
  }

  private static Result result(String label) {
    return RESULTS.getOrDefault(label, Result.INGET_MAL);
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private synchronized CatalogView catalogView() {
    Catalog now = catalog.current();
    if (now != viewOf) {
      view = CatalogView.of(now);
      viewOf = now;
    }
    return view;
  }
}
