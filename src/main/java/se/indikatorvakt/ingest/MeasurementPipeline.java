package se.indikatorvakt.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.alerting.AlertChanges;
import se.indikatorvakt.alerting.AlertEngine;
import se.indikatorvakt.alerting.EvaluatedMeasurement;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.db.DatabaseErrors;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.evaluation.Evaluation;
import se.indikatorvakt.evaluation.EvaluationInput;
import se.indikatorvakt.evaluation.TargetEvaluator;
import se.indikatorvakt.metrics.Metrics;

/**
 * The way a measurement travels, as the README's diagram draws it: validated measurements are evaluated against
 * their period's målvärde and stored, and the alert transitions they cause are recorded with their audit events and
 * the outbox rows of their emails, all in one transaction; the caller answers only after the commit. Concurrent
 * requests may share that transaction ({@link GroupCommit}): each is then one part of it, its rows with its own
 * source, and it gets its own report. A fixed number
 * of round trips whatever the request's size: read the previous periods' values, evaluate, insert every key that is
 * new ({@code ON CONFLICT DO NOTHING}), lock and compare the keys that already existed, write the revisions and the
 * NOTIFY together, then the alerting engine's few round trips.
 *
 * <p>Per key: no current row is CREATED; the same value is UNCHANGED and writes nothing; another value
 * is REVISED (the old row goes to measurement_revision first). Each written row carries its evaluation
 * against the målvärde of its period and the current value of its previous period. Inserting first
 * means a batch of new values needs no lookup of its own keys (the insert probes the unique index
 * anyway), and a request that creates a key another request is creating at the same moment waits
 * for that one's commit and then finds the row. A deadlock between two such requests rolls one back;
 * it is run again.
 */
public final class MeasurementPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(MeasurementPipeline.class);
  private static final int ATTEMPTS = 3;
  /**
   * Up to this many measurements in a transaction, the keys are locked and the alerting reads sent on the guess that
   * all are new (one round trip instead of three); beyond it, reading them twice would cost more than round trips.
   */
  private static final int PIPELINED_ITEMS = 64;
  /**
   * Beyond this many measurements, judging them (catalog lookups, decimal arithmetic, Swedish target texts) moves to a
   * worker: a batch of 10 000 takes milliseconds on a quiet machine and seconds on a loaded one.
   */
  private static final int EVALUATED_IN_PLACE = 256;
  /**
   * A transaction beyond {@link #EVALUATED_IN_PLACE} is judged and inserted in chunks of this many, in key order: a
   * worker judges the next chunk while PostgreSQL inserts the one before.
   */
  private static final int CHUNK = 2_000;
  /**
   * The first chunk of a large transaction: PostgreSQL waits for it, idle, while it is judged and encoded (2 000 values
   * took 7-12 ms); the next is judged while it inserts this one.
   */
  private static final int FIRST_CHUNK = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final AlertEngine alerts;
  private final Metrics metrics;
  private final GroupCommit groups;

  /**
   * @param connections the pool's size, which bounds the ingest transactions in flight
   *     ({@link IngestSettings#transactionsInFlight})
   * @param maxWaiting requests that may wait for a group beyond those in flight; more are answered as unavailable
   */
  public MeasurementPipeline(Vertx vertx, Pool pool, Clock clock, AlertEngine alerts, Metrics metrics,
      IngestSettings settings, int connections, int maxWaiting) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.alerts = alerts;
    this.metrics = metrics;
    this.groups = settings.groupCommit() ? new GroupCommit(vertx, this::together,
        settings.transactionsInFlight(connections),
        settings.maxGroupSize(), maxWaiting, settings.gatherWindow().toMillis()) : null;
  }

  /** One measurement as committed: what the write did and how the value was judged. */
  public record Stored(MeasurementInput input, Change change, Evaluation evaluation, String targetText, long id) {}

  /**
   * Everything a request stored, in request order, and the body of the caller's answer where the pipeline made it
   * with {@link Request#answer}: a large transaction makes it on a worker while the alert lifecycle is written and
   * the {@code COMMIT} flushes, instead of after the commit; empty otherwise.
   */
  public record Report(List<Stored> items, Optional<Buffer> answer) {
    public Report(List<Stored> items) {
      this(items, Optional.empty());
    }

    // loops, not streams: each single POST asks six times, and the streams' set-up showed in the profile
    public long count(Change change) {
      long count = 0;
      for (Stored s : items) {
        if (s.change() == change) {
          count++;
        }
      }
      return count;
    }

    public boolean changedAnything() {
      for (Stored s : items) {
        if (s.change() != Change.UNCHANGED) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * One request's measurements, as validated, with the catalog they were validated against and its source, and how
   * its caller makes the body of its answer from its report, if the pipeline may make it before the commit answered.
   */
  record Request(Catalog catalog, List<MeasurementInput> measurements, String source,
      Optional<Function<Report, Buffer>> answer) {
    Request(Catalog catalog, List<MeasurementInput> measurements, String source) {
      this(catalog, measurements, source, Optional.empty());
    }
  }

  /**
   * Commits the measurements (all or nothing). Fails with {@link se.indikatorvakt.db.DatabaseUnavailableException}
   * when PostgreSQL cannot be reached, so that the caller answers 503. {@code answer} makes the body of the answer
   * from the report (pure, thread-safe): the report carries it where the pipeline made it while the commit was under
   * way, and only once the commit succeeded.
   */
  public Future<Report> store(Catalog catalog, List<MeasurementInput> measurements, String source,
      Function<Report, Buffer> answer) {
    if (measurements.isEmpty()) {
      return Future.succeededFuture(new Report(List.of()));
    }
    Request request = new Request(catalog, measurements, source, Optional.of(answer));
    Future<Report> stored = groups == null
        ? together(List.of(request), Promise.promise()).map(reports -> reports.get(0)) : groups.submit(request);
    return stored.onSuccess(report -> {
      for (Change change : Change.values()) {
        metrics.measurementsAccepted(change.code(), (int) report.count(change));
      }
    });
  }

  /** A Kolada import as committed: the report of its measurements (values and places) and what it reported. */
  public record KoladaImported(Report report, KoladaImport.Mapping mapping) {}

  /**
   * Commits a Kolada import in one transaction (all or nothing, outside group commit: imports are rare and large):
   * its comparison values, the places computed from them ({@link KoladaComparison}), and its measurements. The
   * mapping answered has the places that could not be computed among its unmapped values.
   */
  public Future<KoladaImported> importKolada(Catalog catalog, KoladaImport.Mapping mapping, String source) {
    Instant now = clock.instant();
    Set<String> kommuner = catalog.kommunCodes();
    return attempt(kommuner, KommunScope.Plans.CHOSEN, (tx, commit) -> KoladaComparison.storeAndPlace(tx, mapping,
        catalog, now).compose(placed -> {
          List<MeasurementInput> measurements = new ArrayList<>(mapping.measurements());
          measurements.addAll(placed.places());
          Future<Report> stored = measurements.isEmpty() ? Future.succeededFuture(new Report(List.of()))
              : travel(tx, List.of(new Request(catalog, measurements, source)), commit).map(reports -> reports.get(0));
          return stored.map(report -> new KoladaImported(report, mapping.alsoUnmapped(placed.notPlaced())));
        }), ATTEMPTS).recover(DatabaseErrors.classify()).onSuccess(imported -> {
      metrics.measurementsAccepted("created", (int) imported.report().count(Change.CREATED));
      metrics.measurementsAccepted("revised", (int) imported.report().count(Change.REVISED));
      metrics.measurementsAccepted("unchanged", (int) imported.report().count(Change.UNCHANGED));
    });
  }

  /**
   * The requests in one transaction, their keys distinct; one report per request, in their order. {@code lastFlight}
   * completes once the transaction has sent its last flight (its {@code COMMIT}), so that the next group may start.
   */
  private Future<List<Report>> together(List<Request> requests, Promise<Void> lastFlight) {
    KommunScope.Plans plans = size(requests) <= EVALUATED_IN_PLACE ? KommunScope.Plans.GENERIC
        : KommunScope.Plans.CHOSEN;
    return attempt(kommuner(requests), plans, (tx, commit) -> {
      commit.ending().onComplete(sent -> lastFlight.tryComplete());
      return travel(tx, requests, commit);
    }, ATTEMPTS).recover(DatabaseErrors.classify());
  }

  private <T> Future<T> attempt(Set<String> kommuner, KommunScope.Plans plans,
      BiFunction<SqlConnection, KommunScope.Commit, Future<T>> work, int left) {
    return KommunScope.transaction(pool, kommuner, plans, work)
        .recover(error -> {
          if (left > 1 && isConflict(error)) {
            LOG.info("Concurrent writes of the same measurement keys deadlocked ({}); running the transaction again",
                sqlState(error));
            return attempt(kommuner, plans, work, left - 1);
          }
          return Future.failedFuture(error);
        });
  }

  /** The number of measurements of the requests, together. */
  private static int size(List<Request> requests) {
    return requests.stream().mapToInt(r -> r.measurements().size()).sum();
  }

  /** The kommuner of the requests' values: the transaction sees and writes theirs only. */
  private static Set<String> kommuner(List<Request> requests) {
    Set<String> kommuner = new TreeSet<>();
    for (Request r : requests) {
      r.measurements().forEach(m -> kommuner.add(m.kommun()));
    }
    return kommuner;
  }

  /**
   * The requests' journey inside their transaction; a failure anywhere rolls all of it back. A small transaction
   * sends its {@code COMMIT} in the flight of its last writes where it can (see {@link AlertEngine#recordAndCommit}):
   * the pairs' locks are held one round trip less. A large one leaves it to {@link KommunScope}.
   */
  private Future<List<Report>> travel(SqlConnection tx, List<Request> requests, KommunScope.Commit commit) {
    Instant now = clock.instant();
    if (size(requests) > EVALUATED_IN_PLACE) {
      return travelLarge(tx, requests, now, commit);
    }
    List<Targeted> targeted = targeted(requests);
    return References.of(targeted).read(tx)
        .map(references -> evaluate(targeted, references))
        .compose(evaluated -> evaluated.size() <= PIPELINED_ITEMS ? storePipelined(tx, evaluated, now)
            : store(tx, evaluated, now).compose(report -> transitions(tx, report, now)))
        .compose(judged -> alerts.recordAndCommit(tx, judged.transitions(), commit)
            .map(v -> split(judged.report(), requests)));
  }

  /**
   * A large transaction: everything that is pure (målvärden, key order, the reference keys, judging, the insert's
   * columns) runs on workers, and the values are judged and inserted chunk by chunk ({@link #judgeAndInsert}). The
   * rows' ids are taken with the transaction's first statements, while the målvärden are chosen. When every key is
   * new, the report, the values the alert engine judges and the answers' bodies are made on a worker while PostgreSQL
   * inserts the last chunks; otherwise, once the keys that existed are compared, a worker makes the answers while the
   * alert lifecycle is written and the {@code COMMIT} flushes (17-20 ms of the 10 000-value benchmark's POST, and its
   * commit took 20-57 ms). If the transaction fails, the answers are dropped with it.
   */
  private Future<List<Report>> travelLarge(SqlConnection tx, List<Request> requests, Instant now,
      KommunScope.Commit commit) {
    int size = size(requests);
    Future<long[]> ids = MeasurementRepository.reserveIds(tx, size);
    return large(requests)
        .compose(large -> large.references().read(tx)
            .compose(values -> ids.compose(reserved -> judgeAndInsert(tx, requests, large, values, reserved, now))))
        .compose(inserted -> inserted.allNew().map(all -> alerts.transitions(tx, all.reads(), all.changed())
                .compose(transitions -> alerts.record(tx, transitions))
                .compose(recorded -> commit.behind(all.answered())))
            .orElseGet(() -> reviseAndNotify(tx, inserted.plan(), now).compose(report -> {
              Future<List<Report>> answered = vertx.executeBlocking(() -> answered(split(report, requests), requests),
                  false);
              return alerts.transitions(tx, changed(report, now, false))
                  .compose(transitions -> alerts.record(tx, transitions))
                  .compose(recorded -> commit.behind(answered));
            })));
  }

  /** What the chunked inserts did: when every key was new, {@link AllNew}; else the plan of the keys compared. */
  private record Inserted(Optional<AllNew> allNew, List<Planned> plan) {}

  /**
   * A large transaction whose keys were all new: the alert engine's reads, which went out right behind the last
   * insert, with the NOTIFY of every series, the values as the alert engine judges them, made on a worker while
   * PostgreSQL inserted, and each request's report with its answer, made on a worker from then on.
   */
  private record AllNew(AlertEngine.Reads reads, List<EvaluatedMeasurement> changed,
      Future<List<Report>> answered) {}

  /** Each request's report with the body its caller makes of it, where it left that to the pipeline. */
  private static List<Report> answered(List<Report> reports, List<Request> requests) {
    List<Report> answered = new ArrayList<>(reports.size());
    for (int i = 0; i < reports.size(); i++) {
      Report report = reports.get(i);
      answered.add(requests.get(i).answer()
          .map(answer -> new Report(report.items(), Optional.of(answer.apply(report)))).orElse(report));
    }
    return answered;
  }

  private Future<Judged> transitions(SqlConnection tx, Report report, Instant now) {
    return alerts.transitions(tx, changed(report, now, false)).map(transitions -> new Judged(report, transitions));
  }

  private record Judged(Report report, AlertChanges transitions) {}

  /** A large transaction's measurements with their målvärden, their positions in key order and the reference keys. */
  private record Large(List<Targeted> targeted, int[] keyOrder, References references) {}

  /**
   * The målvärden of a large transaction's measurements, each half on a worker of its own, and their key order and
   * values on a third, at the same time: PostgreSQL has nothing to do until the first chunk is judged, so the second
   * core is free (of 10 000 values under load, the målvärden took about 20 ms, the key order 10, the reference keys
   * another 4 after them).
   */
  private Future<Large> large(List<Request> requests) {
    int size = size(requests);
    Future<List<Targeted>> first = vertx.executeBlocking(() -> targeted(requests, 0, size / 2), false);
    Future<List<Targeted>> second = vertx.executeBlocking(() -> targeted(requests, size / 2, size), false);
    Future<Keyed> keyed = vertx.executeBlocking(() -> Keyed.of(requests), false);
    return Future.all(first, second, keyed).compose(all -> vertx.executeBlocking(() -> {
      List<Targeted> targeted = new ArrayList<>(size);
      targeted.addAll(first.result());
      targeted.addAll(second.result());
      return new Large(targeted, keyed.result().order(), References.of(targeted, keyed.result().posted()));
    }, false));
  }

  /** The positions of the requests' measurements (in request order) in key order, and their values by key. */
  private record Keyed(int[] order, Map<MeasurementKey, Double> posted) {
    static Keyed of(List<Request> requests) {
      List<MeasurementInput> inputs = new ArrayList<>();
      requests.forEach(r -> inputs.addAll(r.measurements()));
      Integer[] positions = new Integer[inputs.size()];
      Map<MeasurementKey, Double> posted = new HashMap<>(inputs.size() * 2);
      for (int i = 0; i < positions.length; i++) {
        positions[i] = i;
        posted.put(inputs.get(i).key(), inputs.get(i).value());
      }
      Arrays.sort(positions, (a, b) -> INPUT_ORDER.compare(inputs.get(a), inputs.get(b)));
      return new Keyed(Arrays.stream(positions).mapToInt(Integer::intValue).toArray(), posted);
    }
  }

  /**
   * Judges the measurements chunk by chunk in key order on a worker and sends each chunk's insert as soon as it is
   * judged, so that PostgreSQL inserts one chunk while the next is judged; the inserts go out in key order like the
   * one insert of a smaller transaction. They expect every key to be new ({@link MeasurementRepository#INSERT_NEW},
   * under a savepoint), each row with its id of {@code ids} (in key order): if one exists, the transaction returns to
   * the savepoint and inserts them all again with {@code ON CONFLICT DO NOTHING} and compares the keys that existed
   * ({@link #classifyExisting}). Every statement sent is answered before this completes, so a failure never leaves
   * one running when the transaction rolls back.
   *
   * <p>The alert engine's reads (pairs' locks, open alerts, newest periods, silences, reserved ids) and the NOTIFY go
   * out behind the last insert, on the guess that every key is new, instead of a round trip after its answer: then
   * every value is created and they hold, as in {@link #storePipelined}. If a key existed, PostgreSQL refuses them
   * with the rest of the savepoint's statements, and the plan is answered for the caller to notify and read again.
   */
  private Future<Inserted> judgeAndInsert(SqlConnection tx, List<Request> requests, Large large,
      Map<MeasurementKey, Double> references, long[] ids, Instant now) {
    List<Targeted> targeted = large.targeted();
    int[] keyOrder = large.keyOrder();
    MeasurementRepository.Write[] judged = new MeasurementRepository.Write[keyOrder.length];
    // the values planned as created, at their places in request order, as each chunk is judged
    Planned[] allNew = new Planned[keyOrder.length];
    // used by one chunk's task after another, each started by the completion of the one before
    Map<Target, String> described = new IdentityHashMap<>();
    // in this order on the connection, whichever chunk a worker finished first
    OrderedSends order = new OrderedSends();
    List<Future<?>> sent = new ArrayList<>();
    sent.add(order.send(Future.succeededFuture(),
        v -> MeasurementRepository.simple(tx, MeasurementRepository.SAVEPOINT)));
    int[] bounds = chunkBounds(keyOrder.length);
    Future<Tuple> previous = Future.succeededFuture();
    for (int c = 0; c + 1 < bounds.length; c++) {
      int first = bounds[c];
      int end = bounds[c + 1];
      Future<Tuple> chunk = previous.compose(v -> vertx.executeBlocking(() -> {
        List<MeasurementRepository.Write> writes = new ArrayList<>(end - first);
        for (int i = first; i < end; i++) {
          MeasurementRepository.Write w = evaluate(targeted.get(keyOrder[i]), references, described).withId(ids[i]);
          judged[keyOrder[i]] = w;
          allNew[keyOrder[i]] = new Planned(w, Change.CREATED);
          writes.add(w);
        }
        return MeasurementRepository.insertNewParams(writes, now);
      }, false));
      sent.add(order.send(chunk, params -> MeasurementRepository.insertAllNew(tx, params)));
      previous = chunk;
    }
    sent.add(order.send(previous, v -> MeasurementRepository.simple(tx, MeasurementRepository.RELEASE)));
    Future<AlertEngine.Reads> reads = order.send(previous,
        v -> alerts.read(tx, guessed(Arrays.asList(judged), now)));
    // made on a worker while PostgreSQL inserts; its NOTIFY goes out behind the reads
    Future<Prepared> prepared = previous.compose(v -> vertx.executeBlocking(() -> {
      Report report = report(Arrays.asList(allNew));
      return new Prepared(report, ChangeFeed.seriesPayload(series(Arrays.asList(allNew))), changed(report, now, false));
    }, false));
    Future<Void> notified = order.send(prepared, p -> MeasurementRepository.notifyChanged(tx, p.payload()));
    // apart from the rest, so that the alert engine need not wait for the answers: the COMMIT waits for them
    Future<List<Report>> answered = prepared.compose(p -> vertx.executeBlocking(
        () -> answered(split(p.report(), requests), requests), false));
    // last: a statement refused because an insert failed before it must not hide the insert's own failure
    sent.add(reads);
    sent.add(notified);
    return Future.join(sent).transform(done -> {
      Throwable failure = sent.stream().filter(Future::failed).findFirst().map(Future::cause).orElse(null);
      if (failure == null) {
        return Future.succeededFuture(new Inserted(Optional.of(new AllNew(reads.result(), prepared.result().changed(),
            answered)), List.of()));
      }
      if (!"23505".equals(sqlState(failure))) {
        return Future.failedFuture(failure);
      }
      List<MeasurementRepository.Write> all = Arrays.asList(judged);
      return MeasurementRepository.simple(tx, MeasurementRepository.ROLLBACK_TO_SAVEPOINT)
          .compose(v -> MeasurementRepository.insertNew(tx, inKeyOrder(all), now))
          .compose(created -> classifyExisting(tx, all, created))
          .map(plan -> new Inserted(Optional.empty(), plan));
    });
  }

  /** The report of a plan of new values, the NOTIFY's payload and the values the alert engine judges. */
  private record Prepared(Report report, String payload, List<EvaluatedMeasurement> changed) {}

  /**
   * Where each chunk starts in key order, and the end: a first chunk of {@link #FIRST_CHUNK}, so that PostgreSQL
   * starts inserting a few milliseconds after the reference values answered, then chunks of {@link #CHUNK}.
   */
  private static int[] chunkBounds(int size) {
    List<Integer> bounds = new ArrayList<>();
    for (int from = 0; from < size; from += from == 0 ? FIRST_CHUNK : CHUNK) {
      bounds.add(from);
    }
    bounds.add(size);
    return bounds.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The insert, the lock of every key, the NOTIFY of every series and the alerting reads in one pipeline. A listener
   * told of a series that turns out unchanged only reads it again; the reads hold unless a key was revised.
   */
  private Future<Judged> storePipelined(SqlConnection tx, List<MeasurementRepository.Write> evaluated, Instant now) {
    List<MeasurementRepository.Write> sorted = inKeyOrder(evaluated);
    List<MeasurementRepository.Lookup> keys = new ArrayList<>(sorted.size());
    Set<ChangeFeed.Series> series = new LinkedHashSet<>();
    for (MeasurementRepository.Write w : sorted) {
      MeasurementInput m = w.input();
      keys.add(MeasurementRepository.Lookup.of(m.key(), m.period()));
      series.add(new ChangeFeed.Series(m.indicator().id(), m.orgUnit(), m.gender().code()));
    }
    Future<Map<MeasurementKey, Long>> created = MeasurementRepository.insertNew(tx, sorted, now);
    Future<Map<MeasurementKey, MeasurementRepository.Current>> current = MeasurementRepository.lockCurrent(tx, keys);
    Future<Void> notified = MeasurementRepository.notifyChanged(tx, ChangeFeed.seriesPayload(series));
    Future<AlertEngine.Reads> reads = alerts.read(tx, guessed(evaluated, now));
    return Future.all(created, current, notified, reads).compose(all -> {
      List<Planned> plan = plan(evaluated, created.result(), current.result());
      List<MeasurementRepository.Write> revised = plan.stream().filter(p -> p.change() == Change.REVISED)
          .map(Planned::write).toList();
      Report report = report(plan);
      List<EvaluatedMeasurement> changed = changed(report, now, false);
      if (revised.isEmpty()) {
        return alerts.transitions(tx, reads.result(), changed).map(t -> new Judged(report, t));
      }
      // pipelined: the revision, then the alerting reads that must see it
      Future<Void> archived = MeasurementRepository.archive(tx, revised, now);
      Future<Void> updated = MeasurementRepository.revise(tx, revised, now);
      Future<AlertChanges> transitions = alerts.transitions(tx, changed);
      return Future.all(archived, updated, transitions).map(v -> new Judged(report, transitions.result()));
    });
  }

  /** The measurements as the alerting reads see them before the insert answered: every one changed, ids unknown. */
  private static List<EvaluatedMeasurement> guessed(List<MeasurementRepository.Write> evaluated, Instant now) {
    List<EvaluatedMeasurement> all = new ArrayList<>(evaluated.size());
    for (MeasurementRepository.Write w : evaluated) {
      MeasurementInput m = w.input();
      all.add(new EvaluatedMeasurement(-1, m.indicator(), m.orgUnit(), m.gender(), m.period(), m.value(),
          w.evaluation(), now, false));
    }
    return all;
  }

  /** Per measurement: created by the insert, else the locked row's value says unchanged or revised. */
  private static List<Planned> plan(List<MeasurementRepository.Write> evaluated, Map<MeasurementKey, Long> created,
      Map<MeasurementKey, MeasurementRepository.Current> rows) {
    List<Planned> plan = new ArrayList<>(evaluated.size());
    for (MeasurementRepository.Write w : evaluated) {
      MeasurementKey key = w.input().key();
      Long id = created.get(key);
      if (id != null) {
        plan.add(new Planned(w.withId(id), Change.CREATED));
      } else {
        MeasurementRepository.Current row = rows.get(key);
        Change change = Double.compare(row.value(), w.input().value()) == 0 ? Change.UNCHANGED : Change.REVISED;
        plan.add(new Planned(w.withId(row.id()), change));
      }
    }
    return plan;
  }

  /** The group's report cut back into one per request: the items are in request order. */
  private static List<Report> split(Report all, List<Request> requests) {
    List<Report> reports = new ArrayList<>(requests.size());
    int from = 0;
    for (Request r : requests) {
      int to = from + r.measurements().size();
      reports.add(new Report(all.items().subList(from, to)));
      from = to;
    }
    return reports;
  }

  /**
   * A measurement with the målvärden that judge it and the periods of its series they compare with ({@link
   * EvaluationInput#referencePeriods}), each with its key: worked out once for the reference values' lookup and for
   * the evaluation.
   */
  private record Targeted(Request request, MeasurementInput input, List<Target> targets, List<Reference> references) {}

  /** A period a measurement's målvärden compare with, and its key in the measurement's series. */
  private record Reference(Period period, MeasurementKey key) {}

  private static List<Targeted> targeted(List<Request> requests) {
    return targeted(requests, 0, Integer.MAX_VALUE);
  }

  /** The measurements {@code from} (inclusive) to {@code to} of the requests, counted across them in their order. */
  private static List<Targeted> targeted(List<Request> requests, int from, int to) {
    List<Targeted> targeted = new ArrayList<>();
    int position = 0;
    for (Request r : requests) {
      for (MeasurementInput m : r.measurements()) {
        int at = position++;
        if (at < from || at >= to) {
          continue;
        }
        List<Target> targets = r.catalog().targetsFor(m.indicator(), m.orgUnit(), m.gender(), m.period()).stream()
            .map(TargetRule::target).toList();
        List<Reference> references = new ArrayList<>(2);
        for (Period period : EvaluationInput.referencePeriods(targets, m.period())) {
          references.add(new Reference(period, new MeasurementKey(m.indicator().id(), m.orgUnit(), m.gender(),
              period.notation())));
        }
        targeted.add(new Targeted(r, m, targets, references));
      }
    }
    return targeted;
  }

  /**
   * The current value of every period the measurements' målvärden compare with ({@link
   * EvaluationInput#referencePeriods}: the previous period, and the same period a year earlier where a target asks),
   * from the transaction's own measurements or else from the table, in one query.
   */
  private record References(Map<MeasurementKey, Double> posted, List<MeasurementRepository.Lookup> lookups) {
    /** The transaction's own values and the keys to read from the table; pure. */
    static References of(List<Targeted> targeted) {
      Map<MeasurementKey, Double> posted = new HashMap<>(targeted.size() * 2);
      for (Targeted j : targeted) {
        posted.put(j.input().key(), j.input().value());
      }
      return of(targeted, posted);
    }

    /** As {@link #of(List)}, with the transaction's own values already by key. */
    static References of(List<Targeted> targeted, Map<MeasurementKey, Double> posted) {
      Set<MeasurementKey> asked = new HashSet<>();
      List<MeasurementRepository.Lookup> lookups = new ArrayList<>();
      for (Targeted j : targeted) {
        for (Reference reference : j.references()) {
          if (!posted.containsKey(reference.key()) && asked.add(reference.key())) {
            lookups.add(MeasurementRepository.Lookup.of(reference.key(), reference.period()));
          }
        }
      }
      return new References(posted, lookups);
    }

    Future<Map<MeasurementKey, Double>> read(SqlConnection tx) {
      Future<Map<MeasurementKey, Double>> inDatabase = lookups.isEmpty() ? Future.succeededFuture(Map.of())
          : MeasurementRepository.values(tx, lookups);
      return inDatabase.map(stored -> {
        Map<MeasurementKey, Double> values = new HashMap<>(stored);
        values.putAll(posted);
        return values;
      });
    }
  }

  /** Judges every measurement against its målvärden and the values of the periods they compare with; pure. */
  private static List<MeasurementRepository.Write> evaluate(List<Targeted> targeted,
      Map<MeasurementKey, Double> references) {
    List<MeasurementRepository.Write> evaluated = new ArrayList<>(targeted.size());
    Map<Target, String> described = new IdentityHashMap<>();
    for (Targeted j : targeted) {
      evaluated.add(evaluate(j, references, described));
    }
    return evaluated;
  }

  /** One measurement judged; {@code described} keeps the Swedish text of each målvärde once. */
  private static MeasurementRepository.Write evaluate(Targeted j, Map<MeasurementKey, Double> references,
      Map<Target, String> described) {
    MeasurementInput m = j.input();
    Map<Period, Double> known = new HashMap<>(4);
    for (Reference reference : j.references()) {
      Double value = references.get(reference.key());
      if (value != null) {
        known.put(reference.period(), value);
      }
    }
    Evaluation evaluation = TargetEvaluator.evaluate(m.indicator(), j.targets(),
        EvaluationInput.of(m.value(), m.period(), known));
    String targetText = evaluation.target().map(t -> described.computeIfAbsent(t, Target::describeSwedish))
        .orElse(null);
    return new MeasurementRepository.Write(m, evaluation, targetText, j.request().source(),
        j.request().catalog().version(), -1);
  }

  /**
   * Judges the open periods of the kommun's indicators again under the catalog, in the caller's transaction, as
   * ingest judges a value: the newest stored period of each of their series, where it ended on or after
   * {@code openSince} or its alert is still open. A period whose verdict or målvärde text changes is written as a
   * new revision of the same value under the catalog's version, and goes through the alert lifecycle marked as
   * re-judged, so its alert may open or resolve because the target changed. Returns how many periods changed.
   */
  public Future<Integer> rejudge(SqlConnection tx, Catalog catalog, String kommun, Set<String> indicators,
      LocalDate openSince) {
    List<String> units = catalog.kommun(kommun).map(k -> k.organisation().units().stream().map(OrgUnit::id).toList())
        .orElse(List.of());
    if (units.isEmpty() || indicators.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Instant now = clock.instant();
    return MeasurementRepository.openPeriods(tx, indicators, units, openSince).compose(rows -> {
      List<MeasurementInput> inputs = new ArrayList<>();
      Map<MeasurementKey, MeasurementRepository.OpenPeriod> stored = new HashMap<>();
      for (MeasurementRepository.OpenPeriod row : rows) {
        row.input(catalog, inputs.size()).ifPresent(input -> {
          inputs.add(input);
          stored.put(input.key(), row);
        });
      }
      if (inputs.isEmpty()) {
        return Future.succeededFuture(0);
      }
      List<Targeted> targeted = targeted(List.of(new Request(catalog, inputs, null)));
      return References.of(targeted).read(tx).compose(references -> {
        List<Planned> plan = new ArrayList<>();
        for (MeasurementRepository.Write w : evaluate(targeted, references)) {
          MeasurementRepository.OpenPeriod row = stored.get(w.input().key());
          if (row.judgedOtherwise(w)) {
            plan.add(new Planned(new MeasurementRepository.Write(w.input(), w.evaluation(), w.targetText(),
                row.source(), w.catalogVersion(), row.id()), Change.REVISED));
          }
        }
        if (plan.isEmpty()) {
          return Future.succeededFuture(0);
        }
        return reviseAndNotify(tx, plan, now)
            .compose(report -> alerts.transitions(tx, changed(report, now, true)))
            .compose(transitions -> alerts.record(tx, transitions))
            .map(v -> plan.size());
      });
    });
  }

  /** Inserts the new keys, compares and revises the existing ones; the NOTIFY of the change feed goes with them. */
  private static Future<Report> store(SqlConnection tx, List<MeasurementRepository.Write> evaluated, Instant now) {
    return MeasurementRepository.insertNew(tx, inKeyOrder(evaluated), now)
        .compose(created -> classifyExisting(tx, evaluated, created))
        .compose(plan -> reviseAndNotify(tx, plan, now));
  }

  /**
   * Rows are inserted in key order, so that two requests creating overlapping new keys wait for
   * each other in the same order instead of deadlocking.
   */
  private static List<MeasurementRepository.Write> inKeyOrder(List<MeasurementRepository.Write> evaluated) {
    List<MeasurementRepository.Write> sorted = new ArrayList<>(evaluated);
    sorted.sort(KEY_ORDER);
    return sorted;
  }

  /**
   * Kommun, indicator, unit, kön, period. Written out rather than chained from {@code Comparator.comparing}: sorting
   * 10 000 values takes about 130 000 comparisons, and under the C1-only JIT each chained step is a call of its own.
   */
  private static final Comparator<MeasurementInput> INPUT_ORDER = (a, b) -> {
    int c = a.kommun().compareTo(b.kommun());
    if (c == 0) {
      c = a.indicator().id().compareTo(b.indicator().id());
    }
    if (c == 0) {
      c = a.orgUnit().compareTo(b.orgUnit());
    }
    if (c == 0) {
      c = a.gender().compareTo(b.gender());
    }
    return c != 0 ? c : a.period().notation().compareTo(b.period().notation());
  };

  private static final Comparator<MeasurementRepository.Write> KEY_ORDER =
      Comparator.comparing(MeasurementRepository.Write::input, INPUT_ORDER);

  /**
   * What the insert did not create existed already: those rows are locked (in id order) and compared,
   * the same value is UNCHANGED, another is REVISED.
   */
  private static Future<List<Planned>> classifyExisting(SqlConnection tx, List<MeasurementRepository.Write> evaluated,
      Map<MeasurementKey, Long> created) {
    List<MeasurementRepository.Lookup> existing = new ArrayList<>();
    for (MeasurementRepository.Write w : evaluated) {
      if (!created.containsKey(w.input().key())) {
        existing.add(MeasurementRepository.Lookup.of(w.input().key(), w.input().period()));
      }
    }
    Future<Map<MeasurementKey, MeasurementRepository.Current>> current = existing.isEmpty()
        ? Future.succeededFuture(Map.of()) : MeasurementRepository.lockCurrent(tx, existing);
    return current.map(rows -> plan(evaluated, created, rows));
  }

  private record Planned(MeasurementRepository.Write write, Change change) {}

  private static Future<Report> reviseAndNotify(SqlConnection tx, List<Planned> plan, Instant now) {
    List<MeasurementRepository.Write> revised = new ArrayList<>();
    for (Planned p : plan) {
      if (p.change() == Change.REVISED) {
        revised.add(p.write());
      }
    }
    Set<ChangeFeed.Series> changed = series(plan);
    Report report = report(plan);
    if (changed.isEmpty()) {
      return Future.succeededFuture(report);
    }
    // sent together: the connection pipelines them, in this order, in one round trip
    Future<Void> archived = revised.isEmpty() ? Future.succeededFuture()
        : MeasurementRepository.archive(tx, revised, now);
    Future<Void> updated = revised.isEmpty() ? Future.succeededFuture()
        : MeasurementRepository.revise(tx, revised, now);
    Future<Void> notified = MeasurementRepository.notifyChanged(tx, ChangeFeed.seriesPayload(changed));
    return Future.all(archived, updated, notified).map(report);
  }

  /** The series of the values the plan creates or revises, for the change feed's NOTIFY. */
  private static Set<ChangeFeed.Series> series(List<Planned> plan) {
    Set<ChangeFeed.Series> changed = new LinkedHashSet<>();
    for (Planned p : plan) {
      MeasurementInput m = p.write().input();
      if (p.change() != Change.UNCHANGED) {
        changed.add(new ChangeFeed.Series(m.indicator().id(), m.orgUnit(), m.gender().code()));
      }
    }
    return changed;
  }

  private static Report report(List<Planned> plan) {
    List<Stored> items = new ArrayList<>(plan.size());
    for (Planned p : plan) {
      MeasurementRepository.Write w = p.write();
      items.add(new Stored(w.input(), p.change(), w.evaluation(), w.targetText(), w.id()));
    }
    return new Report(items);
  }

  private static List<EvaluatedMeasurement> changed(Report report, Instant committedAt, boolean retargeted) {
    List<EvaluatedMeasurement> changed = new ArrayList<>();
    for (Stored s : report.items()) {
      if (s.change() != Change.UNCHANGED) {
        MeasurementInput m = s.input();
        changed.add(new EvaluatedMeasurement(s.id(), m.indicator(), m.orgUnit(), m.gender(), m.period(), m.value(),
            s.evaluation(), committedAt, retargeted));
      }
    }
    return changed;
  }

  private static boolean isConflict(Throwable error) {
    String state = sqlState(error);
    // deadlock_detected, serialization_failure
    return "40P01".equals(state) || "40001".equals(state);
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
