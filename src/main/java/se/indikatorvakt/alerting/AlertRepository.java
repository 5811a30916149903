package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.Trend;
import se.indikatorvakt.text.Codes;

/** Reads and writes the alerting tables; SQL from {@link AlertStatements} only. */
public final class AlertRepository {

  /** One stored period of a series, as the state machine and the audit need it. */
  record StoredPeriod(long measurementId, String period, double value, Result result, String targetText,
      Double targetValue, Double warningValue, Trend trend, Double previousValue, String source, int revision) {}

  /** A row of GET /status. */
  public record SeriesStatus(String indicatorId, String orgUnitId, Gender gender, String period, double value,
      Result result, String targetText, Double targetValue, Double warningValue, Double distance, Trend trend,
      Instant updatedAt, Long alertId, AlertState alertState, Severity alertSeverity) {}

  /** An audit event as stored. */
  public record StoredEvent(long id, Long alertId, Long silenceId, Instant at, EventKind kind, Cause cause,
      String actor, AlertState fromState, AlertState toState, Severity severity, boolean silenced,
      JsonObject details) {}

  /** A silence as stored, with who made and ended it. */
  public record StoredSilence(Silence silence, String reason, String author, Instant createdAt, String createdBy,
      Instant endedAt, String endedBy) {}

  /** An event to append; {@code alert} may still be unsaved, its id is read when the event is written. */
  public record Event(AlertRow alert, Long silenceId, Instant at, EventKind kind, Cause cause, String actor,
      AlertState from, AlertState to, Severity severity, boolean silenced, JsonObject details) {}

  /**
   * @param kommunOf the kommun of a unit (the catalog's); a pair whose unit no kommun has any more is not locked,
   *     and nothing is decided for it
   * @param nextReportDue per pair, the exclusive end of the period after the latest one this transaction reports
   *     (see migration V130); pairs without one keep theirs
   */
  Future<Void> lockPairs(SqlConnection tx, List<SeriesKey.Pair> sortedPairs, Function<String, Optional<String>> kommunOf,
      Map<SeriesKey.Pair, LocalDate> nextReportDue) {
    List<SeriesKey.Pair> known = new ArrayList<>();
    List<String> kommuner = new ArrayList<>();
    for (SeriesKey.Pair pair : sortedPairs) {
      kommunOf.apply(pair.orgUnitId()).ifPresent(kommun -> {
        known.add(pair);
        kommuner.add(kommun);
      });
    }
    if (known.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(AlertStatements.LOCK_PAIRS)
        .execute(Tuple.tuple()
            .addValue(known.stream().map(SeriesKey.Pair::indicatorId).toArray(String[]::new))
            .addValue(known.stream().map(SeriesKey.Pair::orgUnitId).toArray(String[]::new))
            .addArrayOfLocalDate(known.stream().map(nextReportDue::get).toArray(LocalDate[]::new))
            .addValue(kommuner.toArray(String[]::new)))
        .mapEmpty();
  }

  /**
   * @param cutoffs per indicator, the last exclusive period end whose report is overdue now
   * @return the overdue pairs, in key order
   */
  Future<List<SeriesKey.Pair>> reportsOverdue(SqlClient client, Map<String, LocalDate> cutoffs, int limit) {
    if (cutoffs.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<String> indicators = List.copyOf(cutoffs.keySet());
    return client.preparedQuery(AlertStatements.REPORTS_OVERDUE)
        .execute(Tuple.tuple().addArrayOfString(indicators.toArray(String[]::new))
            .addArrayOfLocalDate(indicators.stream().map(cutoffs::get).toArray(LocalDate[]::new))
            .addInteger(limit))
        .map(rows -> pairs(rows).stream().sorted().toList());
  }

  /** The pairs were judged: they wait for their next report, unless one came meanwhile. */
  Future<Void> reportsJudged(SqlConnection tx, List<SeriesKey.Pair> pairs, Map<String, LocalDate> cutoffs) {
    if (pairs.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(AlertStatements.REPORTS_JUDGED)
        .execute(Tuple.tuple()
            .addArrayOfString(pairs.stream().map(SeriesKey.Pair::indicatorId).toArray(String[]::new))
            .addArrayOfString(pairs.stream().map(SeriesKey.Pair::orgUnitId).toArray(String[]::new))
            .addArrayOfLocalDate(pairs.stream().map(p -> cutoffs.get(p.indicatorId())).toArray(LocalDate[]::new)))
        .mapEmpty();
  }

  Future<List<AlertRow>> openAlerts(SqlConnection tx, Collection<SeriesKey.Pair> pairs) {
    if (pairs.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return tx.preparedQuery(AlertStatements.OPEN_ALERTS_OF_PAIRS)
        .execute(Tuple.tuple()
            .addValue(pairs.stream().map(SeriesKey.Pair::indicatorId).toArray(String[]::new))
            .addValue(pairs.stream().map(SeriesKey.Pair::orgUnitId).toArray(String[]::new)))
        .map(AlertRepository::alerts);
  }

  /**
   * The newest periods of each series that {@code always} holds or that has an open breach, newest first; series
   * without measurements are absent.
   */
  Future<Map<SeriesKey, List<StoredPeriod>>> latestPeriods(SqlConnection tx, Map<SeriesKey, Integer> depths,
      Predicate<SeriesKey> always, Function<String, Optional<String>> kommunOf) {
    List<SeriesKey> keys = new ArrayList<>(depths.size());
    for (SeriesKey key : depths.keySet()) {
      // a unit of no kommun has no stored values
      kommunOf.apply(key.orgUnitId()).ifPresent(kommun -> keys.add(key));
    }
    if (keys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return tx.preparedQuery(AlertStatements.LATEST_PERIODS)
        .execute(Tuple.tuple()
            .addValue(keys.stream().map(SeriesKey::indicatorId).toArray(String[]::new))
            .addValue(keys.stream().map(SeriesKey::orgUnitId).toArray(String[]::new))
            .addValue(keys.stream().map(k -> k.gender().code()).toArray(String[]::new))
            .addValue(keys.stream().map(depths::get).toArray(Integer[]::new))
            .addValue(keys.stream().map(always::test).toArray(Boolean[]::new)))
        .map(rows -> {
          Map<SeriesKey, List<StoredPeriod>> history = new LinkedHashMap<>();
          for (Row row : rows) {
            SeriesKey key = new SeriesKey(row.getString("indicator_id"), row.getString("org_unit_id"),
                Codes.require(Gender.class, row.getString("gender")));
            history.computeIfAbsent(key, k -> new ArrayList<>()).add(new StoredPeriod(row.getLong("id"),
                row.getString("period"), row.getDouble("value"), Codes.require(Result.class, row.getString("result")),
                row.getString("target_text"), row.getDouble("target_value"), row.getDouble("warning_value"),
                Codes.requireOrNull(Trend.class, row.getString("trend")), row.getDouble("previous_value"),
                row.getString("source"), row.getInteger("revision")));
          }
          return history;
        });
  }

  Future<List<Silence>> activeSilences(SqlClient client, Instant now) {
    return client.preparedQuery(AlertStatements.ACTIVE_SILENCES).execute(Tuple.of(odt(now)))
        .map(rows -> {
          List<Silence> silences = new ArrayList<>();
          rows.forEach(row -> silences.add(silence(row)));
          return silences;
        });
  }

  /** The ids of {@link AlertStatements#RESERVE_IDS}, in the order they were taken. */
  Future<List<Long>> reserveIds(SqlConnection tx, int count) {
    if (count == 0) {
      return Future.succeededFuture(List.of());
    }
    return tx.preparedQuery(AlertStatements.RESERVE_IDS).execute(Tuple.of(count)).map(rows -> {
      List<Long> ids = new ArrayList<>(rows.size());
      rows.forEach(row -> ids.add(row.getLong("id")));
      return ids;
    });
  }

  /**
   * Inserts the new alerts (setting their ids; a missing report that exists already keeps id 0), then updates. A new
   * alert that has its id already (reserved) is inserted with it.
   */
  Future<Void> save(SqlConnection tx, List<AlertRow> inserted, List<AlertRow> updated) {
    List<AlertRow> withIds = inserted.stream().filter(a -> !a.isNew()).toList();
    return Future.all(
            withIds.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(AlertStatements.INSERT_ALERT_WITH_ID)
                .executeBatch(withIds.stream().map(a -> values(a).addValue(a.id)).toList()),
            insert(tx, AlertStatements.INSERT_ALERT,
                inserted.stream().filter(a -> a.isNew() && a.kind != AlertKind.MISSING_REPORT).toList()),
            insert(tx, AlertStatements.INSERT_MISSING_REPORT,
                inserted.stream().filter(a -> a.kind == AlertKind.MISSING_REPORT).toList()),
            updated.isEmpty() ? Future.succeededFuture()
                : tx.preparedQuery(AlertStatements.UPDATE_ALERTS).execute(columns(updated)))
        .mapEmpty();
  }

  private static Future<Void> insert(SqlConnection tx, String sql, List<AlertRow> alerts) {
    if (alerts.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(sql).executeBatch(alerts.stream().map(AlertRepository::values).toList())
        .map(first -> {
          RowSet<Row> result = first;
          for (AlertRow alert : alerts) {
            if (result.size() == 1) {
              alert.id = result.iterator().next().getLong("id");
            }
            result = result.next();
          }
          return null;
        });
  }

  /** Appends the events whose alert (if any) was saved. */
  public Future<Void> append(SqlConnection tx, List<Event> events) {
    List<Tuple> tuples = events.stream()
        .filter(e -> e.alert() == null || !e.alert().isNew())
        .map(e -> Tuple.tuple()
            .addValue(e.alert() == null ? null : e.alert().id)
            .addValue(e.silenceId())
            .addValue(odt(e.at()))
            .addValue(e.kind().code())
            .addValue(e.cause().code())
            .addValue(e.actor())
            .addValue(Codes.codeOrNull(e.from()))
            .addValue(Codes.codeOrNull(e.to()))
            .addValue(Codes.codeOrNull(e.severity()))
            .addValue(e.silenced())
            .addValue(e.details()))
        .toList();
    return tuples.isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery(AlertStatements.INSERT_EVENT).executeBatch(tuples).mapEmpty();
  }

  /** The source system that wrote each measurement, for the actor of the events it causes. */
  Future<Map<Long, String>> sources(SqlConnection tx, List<Long> measurementIds) {
    if (measurementIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return tx.preparedQuery(AlertStatements.SOURCES)
        .execute(Tuple.tuple().addValue(measurementIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, String> sources = new LinkedHashMap<>();
          rows.forEach(row -> sources.put(row.getLong("id"), row.getString("source")));
          return sources;
        });
  }

  Future<Void> notifyChanged(SqlConnection tx) {
    return tx.query(AlertStatements.NOTIFY_ALERTS).execute().mapEmpty();
  }

  Future<Optional<AlertRow>> lockAlert(SqlConnection tx, long id) {
    return tx.preparedQuery(AlertStatements.ALERT_FOR_UPDATE).execute(Tuple.of(id))
        .map(rows -> alerts(rows).stream().findFirst());
  }

  public Future<Optional<AlertRow>> alert(SqlClient client, long id) {
    return client.preparedQuery(AlertStatements.ALERT_BY_ID).execute(Tuple.of(id))
        .map(rows -> alerts(rows).stream().findFirst());
  }

  public Future<List<StoredEvent>> events(SqlClient client, long alertId) {
    return client.preparedQuery(AlertStatements.EVENTS_OF_ALERT).execute(Tuple.of(alertId))
        .map(rows -> {
          List<StoredEvent> events = new ArrayList<>();
          rows.forEach(row -> events.add(new StoredEvent(row.getLong("id"), row.getLong("alert_id"),
              row.getLong("silence_id"), instant(row, "at"), Codes.require(EventKind.class, row.getString("kind")),
              Codes.require(Cause.class, row.getString("cause")), row.getString("actor"),
              Codes.requireOrNull(AlertState.class, row.getString("from_state")),
              Codes.requireOrNull(AlertState.class, row.getString("to_state")),
              Codes.requireOrNull(Severity.class, row.getString("severity")), row.getBoolean("silenced"),
              jsonb(row, "details"))));
          return events;
        });
  }

  /** Filters of GET /alerts; a null array means any. */
  public record AlertFilter(String[] states, String[] severities, String[] orgUnits, String[] indicators) {}

  public Future<List<AlertRow>> list(SqlClient client, AlertFilter filter, Long before, int limit) {
    return client.preparedQuery(AlertStatements.LIST_ALERTS)
        .execute(Tuple.tuple().addValue(filter.states()).addValue(filter.severities()).addValue(filter.orgUnits())
            .addValue(filter.indicators()).addValue(before).addValue(limit))
        .map(AlertRepository::alerts);
  }

  Future<List<SeriesKey>> pendingDue(SqlClient client, Instant now, int limit) {
    return client.preparedQuery(AlertStatements.PENDING_DUE).execute(Tuple.of(odt(now), limit))
        .map(rows -> {
          List<SeriesKey> keys = new ArrayList<>();
          rows.forEach(row -> keys.add(new SeriesKey(row.getString("indicator_id"), row.getString("org_unit_id"),
              Codes.require(Gender.class, row.getString("gender")))));
          return keys;
        });
  }

  /** A firing alert the scheduler read, with the version of its row then. */
  record Due(AlertRow alert, String rowVersion) {}

  /** When an alert the scheduler left alone is next due (null: never), if its row is still {@code rowVersion}. */
  record Rearm(long id, String rowVersion, Instant due) {}

  /** The kommun's alerts whose next notice is due at {@code now}, or was worked out under an older catalog. */
  Future<List<Due>> noticesDue(SqlClient client, String kommun, Instant now, long catalogVersion, int limit) {
    return client.preparedQuery(AlertStatements.NOTICES_DUE)
        .execute(Tuple.of(kommun, odt(now), catalogVersion, limit))
        .map(rows -> {
          List<Due> out = new ArrayList<>();
          rows.forEach(row -> out.add(new Due(alert(row), row.getString("row_version"))));
          return out;
        });
  }

  Future<Void> rearm(SqlClient client, String kommun, List<Rearm> alerts, long catalogVersion) {
    if (alerts.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(AlertStatements.NOTICES_REARM)
        .execute(Tuple.tuple().addValue(kommun)
            .addValue(alerts.stream().map(Rearm::id).toArray(Long[]::new))
            .addValue(alerts.stream().map(Rearm::rowVersion).toArray(String[]::new))
            .addArrayOfOffsetDateTime(alerts.stream().map(a -> odt(a.due())).toArray(OffsetDateTime[]::new))
            .addValue(catalogVersion))
        .mapEmpty();
  }

  /** @param wanted (indicator, unit, due period, previous period) */
  Future<List<SeriesKey.Pair>> cadenceBroken(SqlClient client, List<String[]> wanted) {
    if (wanted.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return client.preparedQuery(AlertStatements.CADENCE_BROKEN)
        .execute(Tuple.tuple().addValue(column(wanted, 0)).addValue(column(wanted, 1)).addValue(column(wanted, 2))
            .addValue(column(wanted, 3)))
        .map(AlertRepository::pairs);
  }

  /** @param triples (indicator, unit, period) */
  Future<List<String[]>> unreported(SqlClient client, List<String[]> triples) {
    if (triples.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return client.preparedQuery(AlertStatements.UNREPORTED)
        .execute(Tuple.tuple().addValue(column(triples, 0)).addValue(column(triples, 1))
            .addValue(column(triples, 2)))
        .map(rows -> {
          List<String[]> out = new ArrayList<>();
          rows.forEach(row -> out.add(new String[] {row.getString("indicator_id"), row.getString("org_unit_id"),
              row.getString("period")}));
          return out;
        });
  }

  public Future<List<SeriesStatus>> status(SqlClient client, String[] indicators, String[] orgUnits) {
    return client.preparedQuery(AlertStatements.STATUS).execute(Tuple.tuple().addValue(indicators).addValue(orgUnits))
        .map(rows -> {
          List<SeriesStatus> out = new ArrayList<>();
          rows.forEach(row -> out.add(new SeriesStatus(row.getString("indicator_id"), row.getString("org_unit_id"),
              Codes.require(Gender.class, row.getString("gender")), row.getString("period"), row.getDouble("value"),
              Codes.require(Result.class, row.getString("result")), row.getString("target_text"),
              row.getDouble("target_value"), row.getDouble("warning_value"), row.getDouble("distance"),
              Codes.requireOrNull(Trend.class, row.getString("trend")), instant(row, "updated_at"),
              row.getLong("alert_id"), Codes.requireOrNull(AlertState.class, row.getString("alert_state")),
              Codes.requireOrNull(Severity.class, row.getString("alert_severity")))));
          return out;
        });
  }

  public Future<List<StoredSilence>> silences(SqlClient client, boolean activeOnly, Instant now, int limit) {
    return client.preparedQuery(AlertStatements.LIST_SILENCES).execute(Tuple.of(activeOnly, odt(now), limit))
        .map(AlertRepository::storedSilences);
  }

  public Future<Optional<StoredSilence>> silence(SqlClient client, long id) {
    return client.preparedQuery(AlertStatements.SILENCE_BY_ID).execute(Tuple.of(id))
        .map(rows -> storedSilences(rows).stream().findFirst());
  }

  /** @param kommun the kommun whose alerts the silence mutes: it never mutes another's */
  public Future<StoredSilence> insertSilence(SqlConnection tx, String kommun, Silence s, String reason, String author,
      Instant now, String createdBy) {
    return tx.preparedQuery(AlertStatements.INSERT_SILENCE)
        .execute(Tuple.tuple().addValue(s.indicator().orElse(null)).addValue(s.orgUnit().orElse(null))
            .addValue(s.gender().map(Gender::code).orElse(null)).addValue(odt(s.startsAt()))
            .addValue(odt(s.endsAt())).addValue(reason).addValue(author).addValue(odt(now)).addValue(createdBy)
            .addValue(kommun))
        .map(rows -> storedSilences(rows).get(0));
  }

  public Future<Optional<StoredSilence>> endSilence(SqlConnection tx, long id, Instant now, String endedBy) {
    return tx.preparedQuery(AlertStatements.END_SILENCE).execute(Tuple.of(id, odt(now), endedBy))
        .map(rows -> storedSilences(rows).stream().findFirst());
  }

  Future<List<StoredSilence>> expireSilences(SqlConnection tx, Instant now) {
    return tx.preparedQuery(AlertStatements.EXPIRE_SILENCES).execute(Tuple.of(odt(now)))
        .map(AlertRepository::storedSilences);
  }

  private static List<StoredSilence> storedSilences(RowSet<Row> rows) {
    List<StoredSilence> out = new ArrayList<>();
    rows.forEach(row -> out.add(new StoredSilence(silence(row), row.getString("reason"), row.getString("author"),
        instant(row, "created_at"), row.getString("created_by"), instant(row, "ended_at"),
        row.getString("ended_by"))));
    return out;
  }

  private static Silence silence(Row row) {
    return new Silence(row.getLong("id"), Optional.ofNullable(row.getString("indicator_id")),
        Optional.ofNullable(row.getString("org_unit_id")),
        Optional.ofNullable(Codes.requireOrNull(Gender.class, row.getString("gender"))),
        instant(row, "starts_at"), instant(row, "ends_at"));
  }

  private static List<SeriesKey.Pair> pairs(RowSet<Row> rows) {
    List<SeriesKey.Pair> out = new ArrayList<>();
    rows.forEach(row -> out.add(new SeriesKey.Pair(row.getString("indicator_id"), row.getString("org_unit_id"))));
    return out;
  }

  private static String[] column(List<String[]> rows, int index) {
    return rows.stream().map(r -> r[index]).toArray(String[]::new);
  }

  private static List<AlertRow> alerts(RowSet<Row> rows) {
    List<AlertRow> out = new ArrayList<>();
    rows.forEach(row -> out.add(alert(row)));
    return out;
  }

  /**
   * An alert of a row that starts with {@link AlertStatements#ALERT_COLUMNS}, as every read of alerts does. The
   * columns are found by their positions there: the row's own lookup by name compares the name with each column's in
   * turn, and the alerts of a group's transaction took 2 % of the service's CPU that way.
   */
  static AlertRow alert(Row row) {
    AlertRow a = new AlertRow();
    a.id = row.getLong(at("id"));
    a.kind = Codes.require(AlertKind.class, row.getString(at("kind")));
    a.indicatorId = row.getString(at("indicator_id"));
    a.orgUnitId = row.getString(at("org_unit_id"));
    a.gender = Optional.ofNullable(Codes.requireOrNull(Gender.class, row.getString(at("gender"))));
    a.state = Codes.require(AlertState.class, row.getString(at("state")));
    a.severity = Codes.require(Severity.class, row.getString(at("severity")));
    a.period = row.getString(at("period"));
    a.periodEnd = row.getLocalDate(at("period_end"));
    a.value = row.getDouble(at("value"));
    a.result = Codes.requireOrNull(Result.class, row.getString(at("result")));
    a.targetText = row.getString(at("target_text"));
    a.targetValue = row.getDouble(at("target_value"));
    a.warningValue = row.getDouble(at("warning_value"));
    a.trend = Codes.requireOrNull(Trend.class, row.getString(at("trend")));
    a.measurementId = row.getLong(at("measurement_id"));
    a.breachPeriod = row.getString(at("breach_period"));
    a.breachStreak = row.getInteger(at("breach_streak"));
    a.openedAt = instant(row, at("opened_at"));
    a.fireAt = instant(row, at("fire_at"));
    a.firingSince = instant(row, at("firing_since"));
    a.closedAt = instant(row, at("closed_at"));
    a.updatedAt = instant(row, at("updated_at"));
    Set<Severity> notified = EnumSet.noneOf(Severity.class);
    for (String code : row.getArrayOfStrings(at("notified_severities"))) {
      notified.add(Codes.require(Severity.class, code));
    }
    a.notified = notified;
    a.firstNotifiedAt = instant(row, at("first_notified_at"));
    a.recipientEmail = row.getString(at("recipient_email"));
    a.recipientRole = row.getString(at("recipient_role"));
    a.recipientUnit = row.getString(at("recipient_unit"));
    a.escalationLevel = row.getInteger(at("escalation_level"));
    a.escalatedAt = instant(row, at("escalated_at"));
    a.lastNotifiedAt = instant(row, at("last_notified_at"));
    a.reminders = row.getInteger(at("reminders"));
    a.acknowledgedAt = instant(row, at("acknowledged_at"));
    a.acknowledgedBy = row.getString(at("acknowledged_by"));
    a.acknowledgementComment = row.getString(at("acknowledgement_comment"));
    Object told = row.getValue(at("told"));
    if (told instanceof JsonArray list) {
      for (int i = 0; i < list.size(); i++) {
        JsonObject t = list.getJsonObject(i);
        a.told.add(new EscalationPolicy.Addressee(t.getInteger("level", 0), t.getString("unit"), t.getString("role"),
            t.getString("email")));
      }
    }
    a.settleUntil = instant(row, at("settle_until"));
    a.noticeDueAt = instant(row, at("notice_due_at"));
    a.noticeVersion = row.getLong(at("notice_version"));
    return a;
  }

  /** The alerts' values as {@link AlertStatements#UPDATE_ALERTS} takes them: one array per column, the ids last. */
  private static Tuple columns(List<AlertRow> alerts) {
    List<Tuple> rows = alerts.stream().map(AlertRepository::values).toList();
    Tuple columns = Tuple.tuple();
    for (int c = 0; c < AlertStatements.WRITTEN.size(); c++) {
      String type = AlertStatements.WRITTEN.get(c).type();
      Object[] values = (Object[]) Array.newInstance(elementClass(type), rows.size());
      for (int r = 0; r < values.length; r++) {
        Object value = rows.get(r).getValue(c);
        values[r] = switch (type) {
          case "text[]" -> String.join(",", (String[]) value);
          case "jsonb" -> ((JsonArray) value).encode();
          default -> value;
        };
      }
      columns.addValue(values);
    }
    return columns.addValue(alerts.stream().map(a -> a.id).toArray(Long[]::new));
  }

  private static Class<?> elementClass(String type) {
    return switch (type) {
      case "text", "text[]", "jsonb" -> String.class;
      case "date" -> LocalDate.class;
      case "float8" -> Double.class;
      case "int8" -> Long.class;
      case "int4" -> Integer.class;
      case "timestamptz" -> OffsetDateTime.class;
      default -> throw new IllegalArgumentException("No array of " + type);
    };
  }

  /** The values of {@link AlertStatements#WRITTEN_COLUMNS}, in that order. */
  private static Tuple values(AlertRow a) {
    return Tuple.tuple()
        .addValue(a.kind.code())
        .addValue(a.indicatorId)
        .addValue(a.orgUnitId)
        .addValue(a.gender.map(Gender::code).orElse(null))
        .addValue(a.state.code())
        .addValue(a.severity.code())
        .addValue(a.period)
        .addValue(a.periodEnd)
        .addValue(a.value)
        .addValue(Codes.codeOrNull(a.result))
        .addValue(a.targetText)
        .addValue(a.targetValue)
        .addValue(a.warningValue)
        .addValue(Codes.codeOrNull(a.trend))
        .addValue(a.measurementId)
        .addValue(a.breachPeriod)
        .addValue(a.breachStreak)
        .addValue(odt(a.openedAt))
        .addValue(odt(a.fireAt))
        .addValue(odt(a.firingSince))
        .addValue(odt(a.closedAt))
        .addValue(odt(a.updatedAt))
        .addValue(notified(a))
        .addValue(odt(a.firstNotifiedAt))
        .addValue(a.recipientEmail)
        .addValue(a.recipientRole)
        .addValue(a.recipientUnit)
        .addValue(a.escalationLevel)
        .addValue(odt(a.escalatedAt))
        .addValue(odt(a.lastNotifiedAt))
        .addValue(a.reminders)
        .addValue(odt(a.acknowledgedAt))
        .addValue(a.acknowledgedBy)
        .addValue(a.acknowledgementComment)
        .addValue(told(a))
        .addValue(odt(a.settleUntil))
        .addValue(odt(a.noticeDueAt))
        .addValue(a.noticeVersion);
  }

  private static JsonArray told(AlertRow a) {
    JsonArray list = new JsonArray();
    a.told.forEach(t -> list.add(new JsonObject().put("email", t.email()).put("role", t.role()).put("unit", t.unitId())
        .put("level", t.level())));
    return list;
  }

  private static String[] notified(AlertRow a) {
    return a.notified.stream().map(Severity::code).toArray(String[]::new);
  }

  static OffsetDateTime odt(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static int at(String column) {
    return AlertStatements.ALERT_POSITIONS.get(column);
  }

  private static Instant instant(Row row, int column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  private static JsonObject jsonb(Row row, String column) {
    Object value = row.getValue(column);
    return value instanceof JsonObject json ? json : new JsonObject();
  }
}
