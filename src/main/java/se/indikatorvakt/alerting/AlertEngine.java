package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.notification.NotificationKind;

/**
 * Runs the alert lifecycle inside the transaction that wrote the measurements: locks each (indicator, unit) pair,
 * reads the open alerts and, where something can change, the newest periods of the series; asks the
 * {@link AlertStateMachine}; writes the alerts, their audit events and the emails they cause. A few round trips per
 * request whatever its size. Holds no state between calls: another instance sees everything in the tables.
 */
public final class AlertEngine {
  private static final int MAX_DEPTH = 400;
  /** Periods read at least, so that an alert's breach streak says more than "at least as many as needed". */
  private static final int MIN_DEPTH = 6;
  static final String SCHEDULER = "scheduler";
  /** The actor of a change caused by re-judging under a new catalog version, followed by its number. */
  static final String CATALOG = "catalog:";

  private final CatalogService catalog;
  private final AlertRepository repository;
  private final AlertWriter writer;
  private final ZoneId zone;
  private final Clock clock;

  AlertEngine(CatalogService catalog, AlertRepository repository, AlertWriter writer, Clock clock,
      ZoneId zone) {
    this.catalog = catalog;
    this.repository = repository;
    this.writer = writer;
    this.clock = clock;
    this.zone = zone;
  }

  /** A series' evaluation: the state machine's step with what it was based on. */
  private record Decision(SeriesKey key, Indicator indicator, Optional<AlertRow> open, Observation series,
      AlertRepository.StoredPeriod latest, AlertStateMachine.Step step) {}

  /**
   * What the created and revised measurements of one transaction change about their series' alerts, read under the
   * series' locks in that transaction; nothing is written yet.
   */
  public Future<AlertChanges> transitions(SqlConnection tx, List<EvaluatedMeasurement> changed) {
    if (changed.isEmpty()) {
      return Future.succeededFuture(new AlertChanges());
    }
    TreeMap<SeriesKey, List<EvaluatedMeasurement>> bySeries = bySeries(changed);
    return read(tx, bySeries, clock.instant(), false, false).compose(reads -> decide(tx, bySeries, reads, false));
  }

  /**
   * What judging the measurements' series needs, read under the series' locks: sent at once, so that the caller may
   * pipeline it behind the statements that write the measurements, before it knows which of them changed anything.
   * The reads hold only if those statements wrote everything they see; the caller reads again after a revision.
   * Ids are reserved for the breach alerts the series may open, so that {@link #recordAndCommit} sends everything at
   * once.
   */
  public Future<Reads> read(SqlConnection tx, List<EvaluatedMeasurement> measurements) {
    if (measurements.isEmpty()) {
      return Future.succeededFuture(new Reads(List.of(), Map.of(), List.of(), clock.instant(), List.of()));
    }
    Instant now = clock.instant();
    TreeMap<SeriesKey, List<EvaluatedMeasurement>> bySeries = bySeries(measurements);
    return read(tx, bySeries, now, false, true);
  }

  /**
   * Applies the state machine to the changed measurements (a subset of those read) over what was read; reads only
   * what a recovering series or a reported missing period needs beyond that.
   */
  public Future<AlertChanges> transitions(SqlConnection tx, Reads reads, List<EvaluatedMeasurement> changed) {
    if (changed.isEmpty()) {
      return Future.succeededFuture(new AlertChanges());
    }
    return decide(tx, bySeries(changed), reads, false);
  }

  /**
   * The open alerts, newest periods and silences of a set of series, read under their pairs' locks, and the ids
   * reserved for the breach alerts they may open.
   */
  public record Reads(List<AlertRow> open, Map<SeriesKey, List<AlertRepository.StoredPeriod>> history,
      List<Silence> silences, Instant now, List<Long> reservedIds) {}

  private static TreeMap<SeriesKey, List<EvaluatedMeasurement>> bySeries(List<EvaluatedMeasurement> measurements) {
    TreeMap<SeriesKey, List<EvaluatedMeasurement>> bySeries = new TreeMap<>();
    for (EvaluatedMeasurement m : measurements) {
      bySeries.computeIfAbsent(new SeriesKey(m.indicator().id(), m.orgUnit(), m.gender()), k -> new ArrayList<>())
          .add(m);
    }
    return bySeries;
  }

  /** Writes the alerts, their audit events and the outbox rows of the emails they cause, in the same transaction. */
  public Future<Void> record(SqlConnection tx, AlertChanges transitions) {
    return writer.write(tx, transitions);
  }

  /**
   * As {@link #record}, and when every new alert had its id reserved by {@link #read} (so that all of it is sent at
   * once), the transaction's {@code COMMIT} goes right behind it, in the same flight.
   */
  public Future<Void> recordAndCommit(SqlConnection tx, AlertChanges transitions, KommunScope.Commit commit) {
    boolean atOnce = transitions.idsReserved();
    Future<Void> written = writer.write(tx, transitions);
    return atOnce ? commit.behind(written) : written;
  }

  /** Evaluates series again without a new value: a pending day-level breach may have lasted long enough. */
  Future<Void> reevaluate(SqlConnection tx, Collection<SeriesKey> series, Instant now) {
    TreeMap<SeriesKey, List<EvaluatedMeasurement>> bySeries = new TreeMap<>();
    series.forEach(key -> bySeries.put(key, List.of()));
    return read(tx, bySeries, now, true, false)
        .compose(reads -> decide(tx, bySeries, reads, true))
        .compose(changes -> writer.write(tx, changes));
  }

  private Future<Reads> read(SqlConnection tx, TreeMap<SeriesKey, List<EvaluatedMeasurement>> bySeries, Instant now,
      boolean scheduled, boolean reserving) {
    List<SeriesKey.Pair> pairs = bySeries.keySet().stream().map(SeriesKey::pair).distinct().sorted().toList();
    Catalog current = catalog.current();
    Predicate<SeriesKey> breaching =
        key -> scheduled || bySeries.get(key).stream().anyMatch(m -> Severity.of(m.evaluation().result()).isPresent());
    // every series, so that one with an open breach, which a calm value may resolve, is read in this flight too
    Map<SeriesKey, Integer> everySeries = depths(current, bySeries, key -> true);
    // Sent together in one round trip and executed in this order: each read starts only once every lock is held, so
    // it sees whatever a transaction that held one of the locks before has committed.
    Future<Void> locked = repository.lockPairs(tx, pairs, unit -> current.kommunOf(unit).map(Kommun::code),
        nextReportDue(bySeries));
    Future<List<AlertRow>> open = repository.openAlerts(tx, pairs);
    Future<Map<SeriesKey, List<AlertRepository.StoredPeriod>>> history = repository.latestPeriods(tx, everySeries,
        breaching, unit -> current.kommunOf(unit).map(Kommun::code));
    Future<List<Silence>> silences = repository.activeSilences(tx, now);
    // a series opens at most one breach alert in a transaction, and only with a value in breach
    Future<List<Long>> reserved = repository.reserveIds(tx,
        reserving ? (int) everySeries.keySet().stream().filter(breaching).count() : 0);
    return Future.all(locked, open, history, silences, reserved)
        .map(read -> new Reads(open.result(), history.result(), silences.result(), now, reserved.result()));
  }

  private Future<AlertChanges> decide(SqlConnection tx, TreeMap<SeriesKey, List<EvaluatedMeasurement>> bySeries,
      Reads reads, boolean scheduled) {
    Catalog current = catalog.current();
    Instant now = reads.now();
    Map<SeriesKey, AlertRow> openBreaches = reads.open().stream()
        .filter(a -> a.kind == AlertKind.BREACH && bySeries.containsKey(a.series()))
        .collect(Collectors.toMap(AlertRow::series, Function.identity()));
    Map<AlertRow, EvaluatedMeasurement> reported = reportedMissing(reads.open(), bySeries);
    Map<SeriesKey, List<AlertRepository.StoredPeriod>> read = new HashMap<>();
    reads.history().forEach((key, periods) -> {
      if (bySeries.containsKey(key)) {
        read.put(key, periods);
      }
    });
    Map<SeriesKey, Integer> recovering = depths(current, bySeries,
        key -> openBreaches.containsKey(key) && !read.containsKey(key));
    List<Long> reporting = reported.values().stream().map(EvaluatedMeasurement::measurementId).toList();
    Future<Map<SeriesKey, List<AlertRepository.StoredPeriod>>> more = repository.latestPeriods(tx, recovering,
        key -> true, unit -> current.kommunOf(unit).map(Kommun::code));
    Future<Map<Long, String>> sources = repository.sources(tx, reporting);
    return Future.all(more, sources).map(loaded -> {
      Map<SeriesKey, List<AlertRepository.StoredPeriod>> periods = new HashMap<>(read);
      periods.putAll(more.result());
      List<Decision> decisions = decide(current, bySeries, openBreaches, periods, now);
      AlertChanges changes = changes(current, decisions, reported, reads.silences(), sources.result(), now, scheduled);
      changes.reservedIds.addAll(reads.reservedIds());
      return changes;
    });
  }

  /** Per pair, the exclusive end of the period after the latest one reported now: when its next report is due. */
  private static Map<SeriesKey.Pair, LocalDate> nextReportDue(Map<SeriesKey, List<EvaluatedMeasurement>> bySeries) {
    Map<SeriesKey.Pair, LocalDate> due = new HashMap<>();
    bySeries.forEach((key, measurements) -> measurements.forEach(m -> due.merge(key.pair(),
        m.period().next().endExclusive(), (a, b) -> a.isAfter(b) ? a : b)));
    return due;
  }

  /** The read depth of every series that passes the filter and whose indicator is known. */
  private static Map<SeriesKey, Integer> depths(Catalog current,
      Map<SeriesKey, List<EvaluatedMeasurement>> bySeries, Predicate<SeriesKey> wanted) {
    Map<SeriesKey, Integer> depths = new HashMap<>();
    bySeries.forEach((key, measurements) -> {
      if (wanted.test(key)) {
        indicator(current, key, measurements).ifPresent(indicator -> depths.put(key, depth(indicator)));
      }
    });
    return depths;
  }

  private List<Decision> decide(Catalog current, Map<SeriesKey, List<EvaluatedMeasurement>> bySeries,
      Map<SeriesKey, AlertRow> openBreaches, Map<SeriesKey, List<AlertRepository.StoredPeriod>> history,
      Instant now) {
    List<Decision> decisions = new ArrayList<>();
    history.forEach((key, periods) -> indicator(current, key, bySeries.get(key)).ifPresent(indicator -> {
      Optional<Observation> series = observe(current, indicator, key, periods, retargeted(bySeries.get(key), periods));
      if (series.isEmpty()) {
        return;
      }
      Optional<AlertRow> open = Optional.ofNullable(openBreaches.get(key));
      AlertStateMachine.Step step = AlertStateMachine.next(indicator, open.map(AlertEngine::asOpen), series.get(),
          now);
      if (open.isPresent() || !step.transitions().isEmpty()) {
        decisions.add(new Decision(key, indicator, open, series.get(), periods.get(0), step));
      }
    }));
    return decisions;
  }

  private AlertChanges changes(Catalog current, List<Decision> decisions,
      Map<AlertRow, EvaluatedMeasurement> reported, List<Silence> silences, Map<Long, String> sources, Instant now,
      boolean scheduled) {
    AlertChanges changes = new AlertChanges();
    LocalDate today = LocalDate.ofInstant(now, zone);
    for (Decision d : decisions) {
      String actor = d.series().retargeted() ? CATALOG + current.version()
          : scheduled ? SCHEDULER : "source:" + d.latest().source();
      apply(current, d, silences, actor, today, now, changes);
    }
    reported.forEach((missing, m) -> {
      missing.close(AlertState.RESOLVED, now);
      changes.update(missing, now);
      changes.event(new AlertRepository.Event(missing, null, now, EventKind.TRANSITION, Cause.REPORTED,
          "source:" + sources.getOrDefault(m.measurementId(), "?"), AlertState.FIRING, AlertState.RESOLVED,
          Severity.MISSING_REPORT, false, new JsonObject().put("measurementId", m.measurementId())
              .put("period", m.period().notation()).put("value", m.value())));
    });
    return changes;
  }

  private void apply(Catalog current, Decision d, List<Silence> silences, String actor, LocalDate today, Instant now,
      AlertChanges changes) {
    AlertRow alert = d.open().orElseGet(() -> newBreach(d.key(), now));
    List<OrgUnit> chain = current.organisation().chainUpwards(d.key().orgUnitId());
    Optional<Silence> silence = Silence.matching(silences, d.key().indicatorId(), unitIds(chain, d.key().orgUnitId()),
        Optional.of(d.key().gender()), now);
    if (d.step().targetMissing()) {
      targetMissing(alert, d, chain, silence, actor, today, now, changes);
      return;
    }
    observed(alert, d, changes, now);
    d.step().severity().ifPresent(severity -> alert.severity = severity);
    alert.fireAt = d.step().fireAt().orElse(null);
    alert.settleUntil = d.step().settleUntil().orElse(null);
    for (AlertStateMachine.Transition t : d.step().transitions()) {
      if (t.to() == AlertState.FIRING && t.from() != AlertState.FIRING) {
        alert.firingSince = now;
      }
      alert.state = t.to();
      if (!t.to().open()) {
        alert.close(t.to(), now);
      }
      changes.event(new AlertRepository.Event(alert, silence.map(Silence::id).orElse(null), now,
          t.changesState() ? EventKind.TRANSITION : EventKind.SEVERITY_CHANGE, t.cause(), actor, t.from(), t.to(),
          t.severity(), silence.isPresent(), details(d)));
    }
    if (silence.isEmpty()) {
      for (NotificationKind kind : d.step().notifications()) {
        notice(alert, kind, chain, today, now, changes);
      }
    }
    if (alert.isNew()) {
      changes.insert(alert);
    }
  }

  private static void notice(AlertRow alert, NotificationKind kind, List<OrgUnit> chain, LocalDate today, Instant now,
      AlertChanges changes) {
    if (kind == NotificationKind.RESOLVED) {
      everyoneTold(alert, chain, today).forEach(to -> changes.notice(new AlertChanges.Notice(alert, kind, to,
          "resolved:" + to.email().toLowerCase(Locale.ROOT), new JsonObject())));
      return;
    }
    EscalationPolicy.manager(chain, alert.escalationLevel, today).ifPresent(to -> {
      changes.notice(new AlertChanges.Notice(alert, kind, to, "firing:" + alert.severity.code(), new JsonObject()));
      alert.told(alert.severity, to, now);
    });
  }

  /**
   * Everyone an alarm about the alert was queued for (first recipient, reminders, each escalation level), in that
   * order; for an alert stored before that was recorded, the one addressed last, else the unit's manager.
   */
  static List<EscalationPolicy.Addressee> everyoneTold(AlertRow alert, List<OrgUnit> chain, LocalDate today) {
    if (!alert.told.isEmpty()) {
      return List.copyOf(alert.told);
    }
    if (alert.recipientEmail != null) {
      return List.of(new EscalationPolicy.Addressee(alert.escalationLevel, alert.recipientUnit, alert.recipientRole,
          alert.recipientEmail));
    }
    return EscalationPolicy.manager(chain, alert.escalationLevel, today).stream().toList();
  }

  /**
   * The latest period has no målvärde: the alert stands as it was judged (its value for a period with a target),
   * the period is recorded in its audit trail, and everyone told of the alert and the catalog's owner (the data
   * owner of the organisation's top unit) hear "målvärde saknas för perioden", once per period and person.
   */
  private static void targetMissing(AlertRow alert, Decision d, List<OrgUnit> chain, Optional<Silence> silence,
      String actor, LocalDate today, Instant now, AlertChanges changes) {
    AlertRepository.StoredPeriod latest = d.latest();
    changes.update(alert, now);
    changes.event(new AlertRepository.Event(alert, silence.map(Silence::id).orElse(null), now, EventKind.TARGET_MISSING,
        Cause.TARGET_MISSING, actor, alert.state, alert.state, alert.severity, silence.isPresent(), details(d)));
    if (silence.isPresent() || d.step().notifications().isEmpty()) {
      return;
    }
    JsonObject period = new JsonObject().put("period", latest.period()).put("value", latest.value())
        .put("result", latest.result().code());
    Set<String> addressed = new HashSet<>();
    for (EscalationPolicy.Addressee to : everyoneTold(alert, chain, today)) {
      if (addressed.add(to.email().toLowerCase(Locale.ROOT))) {
        changes.notice(new AlertChanges.Notice(alert, NotificationKind.TARGET_MISSING, to,
            "target-missing:" + latest.period() + ":" + to.email().toLowerCase(Locale.ROOT), period.copy()));
      }
    }
    catalogOwner(chain, today).filter(owner -> addressed.add(owner.email().toLowerCase(Locale.ROOT)))
        .ifPresent(owner -> changes.notice(new AlertChanges.Notice(alert, NotificationKind.TARGET_MISSING, owner,
            "target-missing:" + latest.period() + ":" + owner.email().toLowerCase(Locale.ROOT),
            period.copy().put("catalogOwner", true))));
  }

  /** Whoever answers for the organisation's follow-up: the data owner of its top unit, else its manager. */
  private static Optional<EscalationPolicy.Addressee> catalogOwner(List<OrgUnit> chain, LocalDate today) {
    if (chain.isEmpty()) {
      return Optional.empty();
    }
    List<OrgUnit> top = List.of(chain.get(chain.size() - 1));
    return EscalationPolicy.dataOwner(top, today).map(owner -> new EscalationPolicy.Addressee(chain.size() - 1,
        owner.unitId(), owner.role(), owner.email()));
  }

  /** Copies what the alert shows about its series from the latest stored period. */
  private static void observed(AlertRow alert, Decision d, AlertChanges changes, Instant now) {
    AlertRepository.StoredPeriod latest = d.latest();
    alert.period = latest.period();
    alert.periodEnd = d.series().latest().end();
    alert.value = latest.value();
    alert.result = latest.result();
    alert.targetText = latest.targetText();
    alert.targetValue = latest.targetValue();
    alert.warningValue = latest.warningValue();
    alert.trend = latest.trend();
    alert.measurementId = latest.measurementId();
    alert.breachStreak = d.series().breachStreak();
    if (d.series().breach().isPresent()) {
      alert.breachPeriod = latest.period();
    }
    changes.update(alert, now);
  }

  private static AlertRow newBreach(SeriesKey key, Instant now) {
    AlertRow alert = new AlertRow();
    alert.kind = AlertKind.BREACH;
    alert.indicatorId = key.indicatorId();
    alert.orgUnitId = key.orgUnitId();
    alert.gender = Optional.of(key.gender());
    alert.state = AlertState.INACTIVE;
    alert.openedAt = now;
    return alert;
  }

  private static JsonObject details(Decision d) {
    AlertRepository.StoredPeriod latest = d.latest();
    JsonObject details = new JsonObject()
        .put("measurementId", latest.measurementId())
        .put("period", latest.period())
        .put("value", latest.value())
        .put("result", latest.result().code())
        .put("revision", latest.revision())
        .put("breachStreak", d.series().breachStreak());
    if (latest.targetText() != null) {
      details.put("target", latest.targetText());
    }
    return details;
  }

  static AlertStateMachine.Open asOpen(AlertRow alert) {
    return new AlertStateMachine.Open(alert.state, alert.severity, alert.openedAt,
        Optional.ofNullable(alert.breachPeriod), alert.notified, Optional.ofNullable(alert.settleUntil));
  }

  /** The series' latest periods as the state machine sees them; empty if the stored periods cannot be read. */
  private static Optional<Observation> observe(Catalog current, Indicator indicator, SeriesKey key,
      List<AlertRepository.StoredPeriod> periods, boolean retargeted) {
    List<Observation.PeriodResult> results = new ArrayList<>();
    for (AlertRepository.StoredPeriod stored : periods) {
      Optional<Period> period = period(indicator.periodType(), stored.period());
      if (period.isEmpty()) {
        break;
      }
      results.add(new Observation.PeriodResult(period.get(), stored.value(), stored.result()));
    }
    if (results.isEmpty()) {
      return Optional.empty();
    }
    List<Target> targets = current.targetsFor(indicator, key.orgUnitId(), key.gender(), results.get(0).period())
        .stream().map(TargetRule::target).toList();
    Double previous = periods.get(0).previousValue();
    return Optional.of(Observation.of(results, targets,
        previous == null ? OptionalDouble.empty() : OptionalDouble.of(previous), periods.get(0).revision() > 1,
        retargeted));
  }

  /** Whether the series' latest stored period is one this transaction judged again under changed målvärden. */
  private static boolean retargeted(List<EvaluatedMeasurement> changed, List<AlertRepository.StoredPeriod> periods) {
    if (changed == null || periods.isEmpty()) {
      return false;
    }
    long latest = periods.get(0).measurementId();
    return changed.stream().anyMatch(m -> m.retargeted() && m.measurementId() == latest);
  }

  private static Optional<Period> period(PeriodType type, String notation) {
    try {
      return Optional.of(Period.parse(type, notation));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** How many periods back to read: what the streak or, for day-level indicators, the duration needs. */
  static int depth(Indicator indicator) {
    int periods = indicator.alerting().breachPeriodsBeforeFiring();
    if (indicator.periodType() == PeriodType.DAY) {
      periods = (int) Math.max(periods, indicator.alerting().breachDurationBeforeFiring().toDays() + 1);
    }
    return Math.min(MAX_DEPTH, Math.max(MIN_DEPTH, periods));
  }

  private static Optional<Indicator> indicator(Catalog current, SeriesKey key, List<EvaluatedMeasurement> changed) {
    return changed == null || changed.isEmpty()
        ? current.indicator(key.indicatorId(), key.orgUnitId())
        : Optional.of(changed.get(0).indicator());
  }

  /** Open missing-report alerts whose period one of the changed measurements reports, with that measurement. */
  private static Map<AlertRow, EvaluatedMeasurement> reportedMissing(List<AlertRow> open,
      Map<SeriesKey, List<EvaluatedMeasurement>> bySeries) {
    Map<AlertRow, EvaluatedMeasurement> reported = new LinkedHashMap<>();
    for (AlertRow missing : open) {
      if (missing.kind != AlertKind.MISSING_REPORT) {
        continue;
      }
      bySeries.forEach((key, measurements) -> measurements.stream()
          .filter(m -> key.indicatorId().equals(missing.indicatorId) && key.orgUnitId().equals(missing.orgUnitId)
              && m.period().notation().equals(missing.period))
          .findFirst()
          .ifPresent(m -> reported.putIfAbsent(missing, m)));
    }
    return reported;
  }

  static List<String> unitIds(List<OrgUnit> chain, String unitId) {
    return chain.isEmpty() ? List.of(unitId) : chain.stream().map(OrgUnit::id).toList();
  }
}
