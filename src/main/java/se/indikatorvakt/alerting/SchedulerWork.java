package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.metrics.Metrics;
import se.indikatorvakt.notification.NotificationKind;

/**
 * One scheduler tick: each step finds candidates without locks, then re-reads and changes them in a transaction
 * under row locks, so the decision is made on committed data and recorded together with its effect. A tick works
 * through the kommuner one after another, every statement in that kommun's scope (KommunScope): no silence, missing
 * report, reminder or escalation of one kommun can see or touch another's rows.
 */
final class SchedulerWork {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerWork.class);
  /** Bounds the work of one tick; what is left is the next tick's. */
  static final int BATCH = 500;

  private final Pool pool;
  private final CatalogService catalog;
  private final AlertRepository repository;
  private final AlertEngine engine;
  private final AlertWriter writer;
  private final Metrics metrics;
  private final ZoneId zone;
  private final YearlyMissingTargets yearly;

  SchedulerWork(Pool pool, CatalogService catalog, AlertRepository repository, AlertEngine engine, AlertWriter writer,
      Metrics metrics, ZoneId zone, YearlyMissingTargets yearly) {
    this.yearly = yearly;
    this.pool = pool;
    this.catalog = catalog;
    this.repository = repository;
    this.engine = engine;
    this.writer = writer;
    this.metrics = metrics;
    this.zone = zone;
  }

  /** Every kommun in turn; a kommun whose step fails does not keep the others from theirs. */
  Future<Void> tick(Instant now) {
    Future<Void> chain = Future.succeededFuture();
    for (Kommun kommun : catalog.current().kommuner()) {
      chain = chain.compose(v -> tick(kommun, now));
    }
    return chain.compose(v -> yearly.tick(now).recover(e -> {
      LOG.warn("Alert scheduler: yearly list of missing målvärden failed, retried next tick: {}", e.getMessage());
      return Future.succeededFuture();
    }));
  }

  /** The steps of one kommun in order; a failing step does not keep the others from running. */
  private Future<Void> tick(Kommun kommun, Instant now) {
    Set<String> scope = Set.of(kommun.code());
    return step(kommun, "silence expiry", () -> expireSilences(scope, now))
        .compose(v -> step(kommun, "pending alerts", () -> promotePending(scope, now)))
        .compose(v -> step(kommun, "missing reports", () -> missingReports(kommun, now)))
        .compose(v -> step(kommun, "notices, reminders and escalations", () -> notices(kommun, now)));
  }

  private static Future<Void> step(Kommun kommun, String what, Supplier<Future<Void>> step) {
    return Future.<Void>succeededFuture().compose(v -> step.get()).recover(e -> {
      LOG.warn("Alert scheduler: {} of kommun {} failed, retried next tick: {}", what, kommun.code(), e.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<Void> expireSilences(Set<String> scope, Instant now) {
    return KommunScope.transaction(pool, scope, tx -> repository.expireSilences(tx, now).compose(expired -> {
      List<AlertRepository.Event> events = expired.stream()
          .map(s -> new AlertRepository.Event(null, s.silence().id(), now, EventKind.SILENCE_EXPIRED,
              Cause.SILENCE_EXPIRED, AlertEngine.SCHEDULER, null, null, null, false,
              new JsonObject().put("endsAt", s.silence().endsAt().toString())))
          .toList();
      return repository.append(tx, events);
    }));
  }

  private Future<Void> promotePending(Set<String> scope, Instant now) {
    return KommunScope.statement(pool, scope, conn -> repository.pendingDue(conn, now, BATCH))
        .compose(due -> due.isEmpty() ? Future.succeededFuture()
            : KommunScope.transaction(pool, scope, tx -> engine.reevaluate(tx, due, now)));
  }

  /**
   * Opens a "rapportering saknas" alert for every expected report that is past its deadline (see MissingReports).
   * Regular reporters are found through the index of their next report's due day, so a tick reads the pairs that
   * are overdue, not every pair; units with a målvärde of their own come from the catalog. By the kommun's own
   * indicators and målvärden, in its scope.
   */
  private Future<Void> missingReports(Kommun kommun, Instant now) {
    Catalog current = catalog.current();
    Set<String> scope = Set.of(kommun.code());
    Map<String, LocalDate> cutoffs = new LinkedHashMap<>();
    List<String[]> ownTargets = new ArrayList<>();
    Map<String, Period> due = new LinkedHashMap<>();
    for (Indicator indicator : kommun.indicators()) {
      Period period = MissingReports.due(indicator, now, zone);
      due.put(indicator.id(), period);
      cutoffs.put(indicator.id(), MissingReports.overdueCutoff(indicator, now, zone));
      MissingReports.unitsWithOwnTarget(indicator, period)
          .forEach(unit -> ownTargets.add(new String[] {indicator.id(), unit, period.notation()}));
    }
    return KommunScope.statement(pool, scope, conn -> repository.reportsOverdue(conn, cutoffs, BATCH))
        .compose(overdue -> {
          List<String[]> cadence = overdue.stream()
              .map(p -> new String[] {p.indicatorId(), p.orgUnitId(), due.get(p.indicatorId()).notation(),
                  due.get(p.indicatorId()).previous().notation()})
              .toList();
          return Future.all(KommunScope.statement(pool, scope, conn -> repository.cadenceBroken(conn, cadence)),
                  KommunScope.statement(pool, scope, conn -> repository.unreported(conn, ownTargets)))
              .compose(found -> {
                Map<SeriesKey.Pair, Period> candidates = new TreeMap<>();
                List<SeriesKey.Pair> broken = found.resultAt(0);
                List<String[]> unreported = found.resultAt(1);
                broken.forEach(p -> candidates.put(p, due.get(p.indicatorId())));
                unreported.forEach(t -> candidates.put(new SeriesKey.Pair(t[0], t[1]), due.get(t[0])));
                candidates.entrySet().removeIf(e -> !kommun.hasUnit(e.getKey().orgUnitId())
                    || !expected(current, e.getKey().orgUnitId(), e.getValue()));
                if (candidates.isEmpty() && overdue.isEmpty()) {
                  return Future.succeededFuture();
                }
                List<SeriesKey.Pair> pairs = candidates.keySet().stream().limit(BATCH).toList();
                // an overdue pair left for the next tick's batch stays overdue
                List<SeriesKey.Pair> judged = overdue.stream()
                    .filter(p -> !candidates.containsKey(p) || pairs.contains(p)).toList();
                return KommunScope.transaction(pool, scope, tx -> openMissingReports(tx, kommun, current, pairs,
                    candidates, judged, cutoffs, now));
              });
        });
  }

  private Future<Void> openMissingReports(SqlConnection tx, Kommun kommun, Catalog current, List<SeriesKey.Pair> pairs,
      Map<SeriesKey.Pair, Period> periods, List<SeriesKey.Pair> judged, Map<String, LocalDate> cutoffs,
      Instant now) {
    List<String[]> triples = pairs.stream()
        .map(p -> new String[] {p.indicatorId(), p.orgUnitId(), periods.get(p).notation()})
        .toList();
    TreeSet<SeriesKey.Pair> locked = new TreeSet<>(pairs);
    locked.addAll(judged);
    return repository.lockPairs(tx, List.copyOf(locked), unit -> Optional.of(kommun.code()), Map.of())
        .compose(v -> Future.all(repository.reportsJudged(tx, judged, cutoffs), repository.unreported(tx, triples),
            repository.activeSilences(tx, now)))
        .compose(loaded -> {
          List<String[]> still = loaded.resultAt(1);
          List<Silence> silences = loaded.resultAt(2);
          AlertChanges changes = new AlertChanges();
          LocalDate today = LocalDate.ofInstant(now, zone);
          for (String[] t : still) {
            current.indicator(t[0], t[1]).ifPresent(indicator -> missingReport(current, indicator, t[1],
                periods.get(new SeriesKey.Pair(t[0], t[1])), silences, today, now, changes));
          }
          return writer.write(tx, changes);
        });
  }

  private void missingReport(Catalog current, Indicator indicator, String unitId, Period period,
      List<Silence> silences, LocalDate today, Instant now, AlertChanges changes) {
    AlertRow alert = new AlertRow();
    alert.kind = AlertKind.MISSING_REPORT;
    alert.indicatorId = indicator.id();
    alert.orgUnitId = unitId;
    alert.state = AlertState.FIRING;
    alert.severity = Severity.MISSING_REPORT;
    alert.period = period.notation();
    alert.periodEnd = period.end();
    alert.openedAt = now;
    alert.firingSince = now;
    alert.updatedAt = now;
    List<OrgUnit> chain = current.organisation().chainUpwards(unitId);
    Optional<Silence> silence = Silence.matching(silences, indicator.id(), AlertEngine.unitIds(chain, unitId),
        Optional.empty(), now);
    Instant deadline = MissingReports.deadline(period, indicator.alerting().reportingGrace(), zone);
    changes.insert(alert);
    changes.event(new AlertRepository.Event(alert, silence.map(Silence::id).orElse(null), now, EventKind.TRANSITION,
        Cause.REPORT_MISSING, AlertEngine.SCHEDULER, AlertState.INACTIVE, AlertState.FIRING, Severity.MISSING_REPORT,
        silence.isPresent(), new JsonObject().put("period", period.notation()).put("deadline", deadline.toString())));
    if (silence.isEmpty()) {
      EscalationPolicy.dataOwner(chain, today).ifPresent(to -> {
        changes.notice(new AlertChanges.Notice(alert, NotificationKind.MISSING_REPORT, to, "missing-report",
            new JsonObject().put("deadline", deadline.toString())));
        alert.told(Severity.MISSING_REPORT, to, now);
      });
    }
  }

  /** A unit is expected only while it exists: not before it started, not after a reorganisation ended it. */
  private static boolean expected(Catalog current, String unitId, Period period) {
    return current.organisation().unit(unitId)
        .filter(u -> !u.validFrom().isAfter(period.end()))
        .filter(u -> u.validTo().map(to -> !to.isBefore(period.start())).orElse(true))
        .isPresent();
  }

  /**
   * First notices, reminders and escalations of the kommun's firing, unacknowledged alerts that are due (see
   * EscalationPolicy): read through the index of their due instant (V180), so a tick costs the alerts with something
   * to send, not every firing alert. An escalation climbs the kommun's own organisation and stops at its top. An alert
   * found due but left alone (silenced, nobody addressable, escalated to the top) gets its next due instant; one read
   * because it was worked out under an older catalog version gets it under this one.
   */
  private Future<Void> notices(Kommun kommun, Instant now) {
    Set<String> scope = Set.of(kommun.code());
    Catalog current = catalog.current();
    return Future.all(KommunScope.statement(pool, scope,
                conn -> repository.noticesDue(conn, kommun.code(), now, current.version(), BATCH * 4)),
            KommunScope.statement(pool, scope, conn -> repository.activeSilences(conn, now)))
        .compose(loaded -> {
          List<AlertRepository.Due> due = loaded.resultAt(0);
          List<Silence> silences = loaded.resultAt(1);
          Future<Void> chain = Future.succeededFuture();
          List<AlertRepository.Rearm> rearm = new ArrayList<>();
          int taken = 0;
          for (AlertRepository.Due candidate : due) {
            AlertRow alert = candidate.alert();
            if (!(decide(current, alert, silences, now) instanceof EscalationPolicy.Nothing)) {
              if (taken++ < BATCH) {
                long id = alert.id;
                chain = chain.compose(v -> KommunScope.transaction(pool, scope, tx -> noticeUnderLock(tx, id, now)));
              }
              continue;
            }
            Instant stored = alert.noticeDueAt;
            long storedVersion = alert.noticeVersion;
            writer.noticeDue(current, alert, now);
            boolean stillDue = stored != null && !stored.isAfter(now) && alert.noticeDueAt != null
                && !alert.noticeDueAt.isAfter(now);
            if (storedVersion != alert.noticeVersion || !(stillDue || Objects.equals(stored, alert.noticeDueAt))) {
              rearm.add(new AlertRepository.Rearm(alert.id, candidate.rowVersion(), alert.noticeDueAt));
            }
          }
          return chain.compose(v -> rearm.isEmpty() ? Future.<Void>succeededFuture()
              : KommunScope.statement(pool, scope, conn -> repository.rearm(conn, kommun.code(), rearm,
                  current.version())));
        });
  }

  private Future<Void> noticeUnderLock(SqlConnection tx, long id, Instant now) {
    return repository.lockAlert(tx, id).compose(found -> found.isEmpty() || found.get().state != AlertState.FIRING
            || found.get().acknowledged() ? Future.succeededFuture()
        : repository.activeSilences(tx, now).compose(silences -> {
          AlertRow alert = found.get();
          Catalog current = catalog.current();
          EscalationPolicy.Action action = decide(current, alert, silences, now);
          AlertChanges changes = new AlertChanges();
          boolean escalated = apply(alert, action, now, changes);
          return writer.write(tx, changes).onSuccess(v -> {
            if (escalated) {
              metrics.escalation();
            }
          });
        }));
  }

  private EscalationPolicy.Action decide(Catalog current, AlertRow alert, List<Silence> silences, Instant now) {
    Optional<Indicator> indicator = current.indicator(alert.indicatorId, alert.orgUnitId);
    if (indicator.isEmpty()) {
      return new EscalationPolicy.Nothing();
    }
    List<OrgUnit> chain = current.organisation().chainUpwards(alert.orgUnitId);
    boolean silenced = Silence.matching(silences, alert.indicatorId, AlertEngine.unitIds(chain, alert.orgUnitId),
        alert.gender, now).isPresent();
    return EscalationPolicy.decide(alert.situation(silenced), chain, indicator.get().alerting(),
        LocalDate.ofInstant(now, zone), now);
  }

  /** @return whether the action was an escalation */
  private static boolean apply(AlertRow alert, EscalationPolicy.Action action, Instant now, AlertChanges changes) {
    if (action instanceof EscalationPolicy.Nothing) {
      return false;
    }
    if (action instanceof EscalationPolicy.FirstNotice notice) {
      boolean missing = alert.severity == Severity.MISSING_REPORT;
      changes.notice(new AlertChanges.Notice(alert, missing ? NotificationKind.MISSING_REPORT : NotificationKind.FIRING,
          notice.to(), missing ? "missing-report" : "firing:" + alert.severity.code(), new JsonObject()));
      alert.told(alert.severity, notice.to(), now);
      changes.event(event(alert, now, EventKind.FIRST_NOTICE, Cause.FIRST_NOTICE, recipient(notice.to())));
    } else if (action instanceof EscalationPolicy.Reminder reminder) {
      alert.reminders++;
      changes.notice(new AlertChanges.Notice(alert, NotificationKind.REMINDER, reminder.to(),
          "reminder:" + alert.reminders, new JsonObject()));
      alert.notifiedBy(reminder.to(), now);
      changes.event(event(alert, now, EventKind.REMINDER, Cause.REMINDER_DUE,
          recipient(reminder.to()).put("reminder", alert.reminders)));
    } else if (action instanceof EscalationPolicy.Escalation escalation) {
      JsonObject from = new JsonObject().put("role", escalation.from().role()).put("email", escalation.from().email());
      changes.notice(new AlertChanges.Notice(alert, NotificationKind.ESCALATION, escalation.to(),
          "escalation:" + escalation.to().level(), new JsonObject().put("escalatedFrom", from)
              .put("escalatedAfter", escalation.after().toString())));
      alert.escalatedAt = now;
      alert.notifiedBy(escalation.to(), now);
      changes.event(event(alert, now, EventKind.ESCALATION, Cause.ESCALATION_DUE, recipient(escalation.to())
          .put("from", from.copy().put("orgUnit", escalation.from().unitId()))
          .put("after", escalation.after().toString())));
      changes.update(alert, now);
      return true;
    }
    changes.update(alert, now);
    return false;
  }

  private static AlertRepository.Event event(AlertRow alert, Instant now, EventKind kind, Cause cause,
      JsonObject details) {
    return new AlertRepository.Event(alert, null, now, kind, cause, AlertEngine.SCHEDULER, alert.state, alert.state,
        alert.severity, false, details);
  }

  private static JsonObject recipient(EscalationPolicy.Addressee to) {
    return new JsonObject().put("recipient", to.email()).put("role", to.role()).put("orgUnit", to.unitId());
  }
}
