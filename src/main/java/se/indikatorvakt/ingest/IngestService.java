package se.indikatorvakt.ingest;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.db.DatabaseErrors;
import se.indikatorvakt.evaluation.Evaluation;
import se.indikatorvakt.evaluation.TargetEvaluator;
import se.indikatorvakt.metrics.Metrics;

/**
 * Stores validated measurements: the whole request in one transaction, in a fixed number of round
 * trips whatever its size (lock and read, then all writes pipelined, then the listener, then commit).
 *
 * <p>Per key: no current row is CREATED; the same value is UNCHANGED and writes nothing; another value
 * is REVISED (the old row goes to measurement_revision first). Each written row carries its evaluation
 * against the målvärde of its period and the current value of its previous period. Two requests that
 * write the same new key at the same moment collide on the unique key; the loser's transaction is
 * rolled back and run again, and then sees the winner's row (likewise after a deadlock).
 */
public final class IngestService {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  private static final int ATTEMPTS = 3;

  private final Pool pool;
  private final Clock clock;
  private final MeasurementListener listener;
  private final Metrics metrics;

  public IngestService(Pool pool, Clock clock, MeasurementListener listener, Metrics metrics) {
    this.pool = pool;
    this.clock = clock;
    this.listener = listener;
    this.metrics = metrics;
  }

  /** One measurement as committed: what the write did and how the value was judged. */
  public record Stored(MeasurementInput input, Change change, Evaluation evaluation, long id) {}

  /** Everything a request stored, in request order. */
  public record Report(List<Stored> items) {
    public long count(Change change) {
      return items.stream().filter(s -> s.change() == change).count();
    }

    public boolean changedAnything() {
      return items.stream().anyMatch(s -> s.change() != Change.UNCHANGED);
    }
  }

  /**
   * Commits the measurements (all or nothing). Fails with {@link se.indikatorvakt.db.DatabaseUnavailableException}
   * when PostgreSQL cannot be reached, so that the caller answers 503.
   */
  public Future<Report> store(Catalog catalog, List<MeasurementInput> measurements, String source) {
    if (measurements.isEmpty()) {
      return Future.succeededFuture(new Report(List.of()));
    }
    return attempt(catalog, measurements, source, ATTEMPTS)
        .recover(DatabaseErrors.classify())
        .onSuccess(report -> {
          metrics.measurementsAccepted("created", (int) report.count(Change.CREATED));
          metrics.measurementsAccepted("revised", (int) report.count(Change.REVISED));
          metrics.measurementsAccepted("unchanged", (int) report.count(Change.UNCHANGED));
        });
  }

  private Future<Report> attempt(Catalog catalog, List<MeasurementInput> measurements, String source, int left) {
    return pool.withTransaction(tx -> write(tx, catalog, measurements, source))
        .recover(error -> {
          if (left > 1 && isConflict(error)) {
            LOG.info("Concurrent write of the same measurement keys ({}); running the transaction again",
                sqlState(error));
            return attempt(catalog, measurements, source, left - 1);
          }
          return Future.failedFuture(error);
        });
  }

  private Future<Report> write(SqlConnection tx, Catalog catalog, List<MeasurementInput> measurements,
      String source) {
    Instant now = clock.instant();
    List<MeasurementRepository.Lookup> keys = new ArrayList<>(measurements.size());
    Map<MeasurementKey, Double> posted = new HashMap<>(measurements.size() * 2);
    List<MeasurementRepository.Lookup> previousKeys = new ArrayList<>();
    for (MeasurementInput m : measurements) {
      keys.add(MeasurementRepository.Lookup.of(m.key(), m.period()));
      posted.put(m.key(), m.value());
    }
    for (MeasurementInput m : measurements) {
      MeasurementKey previous = m.previousKey();
      if (!posted.containsKey(previous)) {
        previousKeys.add(MeasurementRepository.Lookup.of(previous, m.period().previous()));
      }
    }
    Future<Map<MeasurementKey, MeasurementRepository.Current>> current =
        MeasurementRepository.lockCurrent(tx, keys);
    Future<Map<MeasurementKey, Double>> previous = previousKeys.isEmpty() ? Future.succeededFuture(Map.of())
        : MeasurementRepository.values(tx, previousKeys);
    return Future.all(current, previous)
        .map(read -> plan(catalog, measurements, current.result(), previous.result(), posted))
        .compose(plan -> apply(tx, plan, now, source));
  }

  /** Decides, per measurement, what to write and how it is judged; pure. */
  private static List<Planned> plan(Catalog catalog, List<MeasurementInput> measurements,
      Map<MeasurementKey, MeasurementRepository.Current> current, Map<MeasurementKey, Double> previousInDatabase,
      Map<MeasurementKey, Double> posted) {
    List<Planned> plan = new ArrayList<>(measurements.size());
    for (MeasurementInput m : measurements) {
      MeasurementKey previousKey = m.previousKey();
      Double previous = posted.containsKey(previousKey) ? posted.get(previousKey) : previousInDatabase.get(previousKey);
      Evaluation evaluation = TargetEvaluator.evaluate(m.indicator(),
          catalog.targetFor(m.indicator(), m.orgUnit(), m.period()).map(TargetRule::target), m.value(),
          previous == null ? OptionalDouble.empty() : OptionalDouble.of(previous));
      MeasurementRepository.Current existing = current.get(m.key());
      Change change = existing == null ? Change.CREATED
          : Double.compare(existing.value(), m.value()) == 0 ? Change.UNCHANGED : Change.REVISED;
      plan.add(new Planned(new MeasurementRepository.Write(m, evaluation, existing == null ? -1 : existing.id()),
          change));
    }
    return plan;
  }

  private record Planned(MeasurementRepository.Write write, Change change) {}

  private Future<Report> apply(SqlConnection tx, List<Planned> plan, Instant now, String source) {
    List<MeasurementRepository.Write> created = new ArrayList<>();
    List<MeasurementRepository.Write> revised = new ArrayList<>();
    for (Planned p : plan) {
      if (p.change() == Change.CREATED) {
        created.add(p.write());
      } else if (p.change() == Change.REVISED) {
        revised.add(p.write());
      }
    }
    if (created.isEmpty() && revised.isEmpty()) {
      return Future.succeededFuture(report(plan, Map.of()));
    }
    // sent together: the connection pipelines them, in this order, in one round trip
    Future<Void> archived = revised.isEmpty() ? Future.succeededFuture()
        : MeasurementRepository.archive(tx, revised, now, source);
    Future<Void> updated = revised.isEmpty() ? Future.succeededFuture()
        : MeasurementRepository.revise(tx, revised, now, source);
    Future<Map<MeasurementKey, Long>> inserted = created.isEmpty() ? Future.succeededFuture(Map.of())
        : MeasurementRepository.insert(tx, created, now, source);
    Future<Void> notified = MeasurementRepository.notifyChanged(tx);
    return Future.all(archived, updated, inserted, notified)
        .map(done -> report(plan, inserted.result()))
        .compose(report -> listener.onMeasurements(tx, changed(report, now)).map(report));
  }

  private static Report report(List<Planned> plan, Map<MeasurementKey, Long> insertedIds) {
    List<Stored> items = new ArrayList<>(plan.size());
    for (Planned p : plan) {
      MeasurementRepository.Write w = p.write();
      long id = p.change() == Change.CREATED ? insertedIds.get(w.input().key()) : w.existingId();
      items.add(new Stored(w.input(), p.change(), w.evaluation(), id));
    }
    return new Report(items);
  }

  private static List<EvaluatedMeasurement> changed(Report report, Instant committedAt) {
    List<EvaluatedMeasurement> changed = new ArrayList<>();
    for (Stored s : report.items()) {
      if (s.change() != Change.UNCHANGED) {
        MeasurementInput m = s.input();
        changed.add(new EvaluatedMeasurement(s.id(), m.indicator(), m.orgUnit(), m.gender(), m.period(), m.value(),
            s.evaluation(), s.change(), committedAt));
      }
    }
    return changed;
  }

  private static boolean isConflict(Throwable error) {
    String state = sqlState(error);
    // unique_violation: a concurrent request created the key first; deadlock_detected, serialization_failure
    return "23505".equals(state) || "40P01".equals(state) || "40001".equals(state);
  }

  private static String sqlState(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof PgException pg) {
        return pg.getSqlState();
      }
    }
    return null;
  }
}
