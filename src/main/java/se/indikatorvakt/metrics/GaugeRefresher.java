package se.indikatorvakt.metrics;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.MissingTargets;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.text.Codes;

/**
 * Keeps the domain gauges of this instance equal to the database, so that every instance shows the
 * same picture whichever one Prometheus scrapes: a refresh follows every commit that any instance
 * announces on the change feed, at most once per metrics.refreshDebounce however many commits arrive, plus one
 * every metrics.refreshInterval for what changes without a notification (a catalog reload, the age of the oldest
 * unsent email).
 *
 * <p>Its cost follows the change, not the number of series: a commit's notification names the series it changed,
 * and the refresh reads the latest period of those series only, into the readings it keeps of every series. Every
 * series is read again only at the start, after a reconnect of the feed (which may have missed notifications), and
 * when a commit changed too many series to name them. The counts of alerts and emails are read when their own
 * channels announce a change and on the periodic refresh; they come from the partial indexes of open rows.
 *
 * <p>One refresh at a time: a change that arrives while one runs is covered by exactly one more
 * refresh after it, because the running one may have read before that commit.
 */
public final class GaugeRefresher {
  private static final Logger LOG = LoggerFactory.getLogger(GaugeRefresher.class);
  /** More named series than this waiting for one refresh are read as every series: one scan beats that many lookups. */
  private static final int MAX_NAMED_SERIES = 10_000;

  private final Vertx vertx;
  private final Pool pool;
  private final ChangeFeed changes;
  private final CatalogService catalog;
  private final Metrics metrics;
  private final MetricsSettings settings;
  private final Clock clock;
  private final DomainExposition exposition;
  private final ZoneId zone;
  private final MissingTargets.Cache missingTargets;

  private volatile boolean failing;
  private Set<SeriesKey> dropped = Set.of();
  private Catalog viewOf;
  private CatalogView view;

  /** The latest reading of every series in the database, by key; touched by one refresh at a time. */
  private final Map<SeriesKey, SeriesReading> readings = new HashMap<>();
  private Counts counts;

  private boolean changed;
  private boolean rereadSeries = true;
  private Set<SeriesKey> changedSeries = new HashSet<>();
  private boolean countsChanged = true;
  private boolean running;
  private boolean timerArmed;
  private boolean stopped;
  private long lastStart = Long.MIN_VALUE / 4;
  private long lastEnd = Long.MIN_VALUE / 4;
  private boolean lastReadEverySeries;
  private long periodic = -1;
  private Future<Void> current = Future.succeededFuture();

  /**
   * @param zone the kommuner's local time zone: the year a day belongs to, for the lapsed målvärden
   * @param missingTargets the lapsed målvärden of the catalog in force, shared with the status
   */
  public GaugeRefresher(Vertx vertx, Pool pool, ChangeFeed changes, CatalogService catalog, Metrics metrics,
      MetricsSettings settings, Clock clock, ZoneId zone, MissingTargets.Cache missingTargets) {
    this.zone = zone;
    this.missingTargets = missingTargets;
    this.vertx = vertx;
    this.pool = pool;
    this.changes = changes;
    this.catalog = catalog;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.exposition = metrics.domain();
  }

  /**
   * Starts the first read of every series and follows the change feed; does not wait for that read. Its cost grows
   * with the whole installation (hundreds of thousands of series for every Swedish kommun), and the API does not need
   * it, so the service is ready before it ends; until then the page has the kommuner but no domain series
   * ({@link DomainExposition#awaitRead}), never zeros that are not in the database.
   */
  public Future<Void> start() {
    Catalog now = catalog.current();
    return vertx.executeBlocking(() -> {
          exposition.awaitRead(DomainSnapshot.empty(catalogView(now), clock.instant(), System.nanoTime()));
          return null;
        }, false)
        .onSuccess(v -> {
          changes.subscribe(ChangeFeed.MEASUREMENTS, this::measurementsChanged, this::reconnected)
              .subscribe(ChangeFeed.ALERTS, this::countsChanged)
              .subscribe(ChangeFeed.OUTBOX, this::countsChanged)
              .subscribe(ChangeFeed.OUTBOX_STATE, this::countsChanged);
          synchronized (this) {
            periodic = vertx.setPeriodic(settings.refreshInterval().toMillis(), id -> countsChanged());
            running = true;
            lastStart = System.nanoTime();
            current = refresh();
          }
        })
        .mapEmpty();
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

  private void measurementsChanged(String payload) {
    Optional<List<ChangeFeed.Series>> named = ChangeFeed.seriesOf(payload);
    synchronized (this) {
      if (named.isEmpty() || changedSeries.size() + named.get().size() > MAX_NAMED_SERIES) {
        rereadSeries = true;
        changedSeries = new HashSet<>();
      } else if (!rereadSeries) {
        named.get().forEach(s -> changedSeries.add(new SeriesKey(s.indicator(), s.orgUnit(), s.gender())));
      }
      changed = true;
    }
    startIfDue();
  }

  private void reconnected() {
    synchronized (this) {
      rereadSeries = true;
      changedSeries = new HashSet<>();
      countsChanged = true;
      changed = true;
    }
    startIfDue();
  }

  private void countsChanged() {
    synchronized (this) {
      countsChanged = true;
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
      // took: however large the catalog, refreshing takes at most half of one connection's time. A read of every
      // series (minutes for every Swedish kommun) does not hold back the reads of changed series that follow it.
      long took = lastReadEverySeries ? 0 : lastEnd - lastStart;
      long due = Math.max(lastStart + settings.refreshDebounce().toNanos(), lastEnd + took);
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

  /** What one refresh reads: every series or the named ones, and the counts of alerts and emails or not. */
  private record Plan(boolean everySeries, Set<SeriesKey> series, boolean counts) {}

  /** The rows of one refresh and the view of the catalog they were read into. */
  private record Read(CatalogView view, CompositeFuture rows) {}

  /** The alert and outbox counts of the last refresh that read them. */
  private record Counts(List<DomainSnapshot.AlertCount> alerts, Map<String, Map<String, Long>> outbox,
      Map<String, Instant> oldestUnsent) {}

  /** Called with the lock held: takes what is to be read, so that changes arriving meanwhile wait for the next. */
  private Plan take() {
    Plan plan = new Plan(rereadSeries, changedSeries, countsChanged || counts == null);
    rereadSeries = false;
    changedSeries = new HashSet<>();
    countsChanged = false;
    return plan;
  }

  /** A refresh that failed leaves its reads to the next one. */
  private synchronized void giveBack(Plan plan) {
    rereadSeries |= plan.everySeries();
    if (!rereadSeries) {
      changedSeries.addAll(plan.series());
    }
    countsChanged |= plan.counts();
  }

  private Future<Void> refresh() {
    long started = System.nanoTime();
    Catalog catalogAtStart = catalog.current();
    Plan plan = take();
    Catalog inForce = catalog.current();
    Set<String> kommuner = inForce.kommunCodes();
    // from the catalog and the date alone, so a year's turn shows even while the database does not answer; the view
    // of a large catalog (every kommun's units and indicators) is built here too, off the event loop
    return vertx.executeBlocking(() -> {
          publishTargetsMissing(inForce);
          return catalogView(catalogAtStart);
        }, false)
        .compose(view -> KommunScope.snapshot(pool, kommuner, tx -> Future.all(
            seriesRows(tx, plan, inForce, view),
            plan.counts() ? tx.query(MetricsStatements.OPEN_ALERTS).execute() : Future.succeededFuture(),
            plan.counts() ? tx.query(MetricsStatements.OUTBOX_BY_STATE).execute() : Future.succeededFuture(),
            plan.counts() ? tx.query(MetricsStatements.OLDEST_UNSENT).execute() : Future.succeededFuture()))
            .map(rows -> new Read(view, rows)))
        .compose(read -> vertx.executeBlocking(() -> {
          publish(plan, read.rows(), read.view());
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
          giveBack(plan);
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
            lastReadEverySeries = plan.everySeries();
          }
          startIfDue();
        });
  }

  /**
   * Every series, or the named ones of units the catalog places in a kommun (no other series is exposed), as readings.
   * Each row becomes its reading as it is decoded: a RowSet of every series (some 450 bytes a row, its ids as strings
   * of their own) would be 50 MB at 100 000 series beside the readings kept, the biggest peak of the service's heap.
   */
  private static Future<List<SeriesReading>> seriesRows(SqlConnection tx, Plan plan, Catalog inForce,
      CatalogView view) {
    Collector<Row, ?, List<SeriesReading>> readings = Collectors.mapping(row -> reading(row, view),
        Collectors.toList());
    if (plan.everySeries()) {
      return tx.query(MetricsStatements.SERIES).collecting(readings).execute().map(SqlResult::value);
    }
    List<SeriesKey> keys = new ArrayList<>(plan.series().size());
    for (SeriesKey key : plan.series()) {
      inForce.kommunOf(key.orgUnit()).ifPresent(kommun -> keys.add(key));
    }
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(MetricsStatements.SERIES_OF).collecting(readings).execute(Tuple.tuple()
        .addArrayOfString(keys.stream().map(SeriesKey::indicator).toArray(String[]::new))
        .addArrayOfString(keys.stream().map(SeriesKey::orgUnit).toArray(String[]::new))
        .addArrayOfString(keys.stream().map(SeriesKey::gender).toArray(String[]::new))).map(SqlResult::value);
  }

  /** On a worker: rows to snapshot to finished exposition, so a large catalog never holds an event loop. */
  private void publish(Plan plan, CompositeFuture rows, CatalogView catalogNow) {
    List<SeriesReading> series = rows.resultAt(0);
    if (plan.everySeries()) {
      readings.clear();
    } else {
      plan.series().forEach(readings::remove);
    }
    if (series != null) {
      for (SeriesReading reading : series) {
        readings.put(reading.key(), reading);
      }
      metrics.seriesRead(plan.everySeries(), series.size());
    }
    if (plan.counts()) {
      counts = new Counts(alertCounts(rows.resultAt(1), catalogNow), outboxCounts(rows.resultAt(2), catalogNow),
          oldestUnsent(rows.resultAt(3), catalogNow));
    }
    DomainSnapshot snapshot = DomainSnapshot.of(readings.values(), counts.alerts(), counts.outbox(),
        counts.oldestUnsent(), catalogNow, settings.maxSeries(), clock.instant(), System.nanoTime());
    int newlyDropped = 0;
    for (SeriesReading left : snapshot.dropped()) {
      if (!dropped.contains(left.key())) {
        newlyDropped++;
      }
    }
    // the set is made again only when it changed: with the shipped maxSeries and 100 000 series it holds 80 000 keys,
    // which a refresh every 0.2 s would otherwise rebuild each time, to die a refresh later in the old generation
    if (newlyDropped > 0 || snapshot.dropped().size() != dropped.size()) {
      Set<SeriesKey> droppedNow = new HashSet<>();
      snapshot.dropped().forEach(left -> droppedNow.add(left.key()));
      dropped = droppedNow;
    }
    if (newlyDropped > 0) {
      LOG.warn("{} indicator series exceed metrics.maxSeries={} and get no gauges ({} left out in all)",
          newlyDropped, settings.maxSeries(), dropped.size());
    }
    metrics.seriesDropped(newlyDropped);
    exposition.publish(snapshot);
  }

  private void publishTargetsMissing(Catalog inForce) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    missingTargets.of(inForce, LocalDate.ofInstant(clock.instant(), zone))
        .forEach((kommun, missing) -> counts.put(kommun, missing.size()));
    exposition.publishTargetsMissing(counts);
  }

  /**
   * By column position (the order of {@link MetricsStatements#SERIES}): thousands of rows, no name lookups. The ids are
   * the catalog's own strings, not the row's: the readings of every series are kept, and 100 000 of them then share a
   * few thousand ids instead of holding three strings each.
   */
  private static SeriesReading reading(Row row, CatalogView catalog) {
    return new SeriesReading(catalog.indicatorId(row.getString(0)), catalog.unitId(row.getString(1)),
        CatalogView.gender(row.getString(2)), row.getDouble(3),
        Codes.require(Result.class, row.getString(4)), optional(row.getDouble(5)), optional(row.getDouble(6)),
        Instant.ofEpochMilli(Math.round(row.getDouble(7) * 1000)));
  }

  /** Rows of units that the catalog in force does not have (removed by a reload) belong to no kommun: left out. */
  private static List<DomainSnapshot.AlertCount> alertCounts(RowSet<Row> rows, CatalogView catalog) {
    List<DomainSnapshot.AlertCount> counts = new ArrayList<>();
    for (Row row : rows) {
      catalog.kommunOf(row.getString("org_unit_id")).ifPresent(kommun -> counts.add(new DomainSnapshot.AlertCount(
          kommun, row.getString("severity"), row.getString("state"), row.getLong("open"), row.getLong("acknowledged"),
          row.getLong("escalated"), row.getLong("unit_without_manager"))));
    }
    return counts;
  }

  private static Map<String, Map<String, Long>> outboxCounts(RowSet<Row> rows, CatalogView catalog) {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    rows.forEach(row -> catalog.kommunOf(row.getString("org_unit")).ifPresent(kommun -> counts
        .computeIfAbsent(kommun, k -> new HashMap<>()).merge(row.getString("state"), row.getLong("messages"),
            Long::sum)));
    return counts;
  }

  private static Map<String, Instant> oldestUnsent(RowSet<Row> rows, CatalogView catalog) {
    Map<String, Instant> oldest = new HashMap<>();
    rows.forEach(row -> catalog.kommunOf(row.getString("org_unit")).ifPresent(kommun -> oldest.merge(kommun,
        row.getOffsetDateTime("oldest").toInstant(), (a, b) -> a.isBefore(b) ? a : b)));
    return oldest;
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private synchronized CatalogView catalogView(Catalog now) {
    if (now != viewOf) {
      view = CatalogView.of(now);
      viewOf = now;
    }
    return view;
  }
}
