package se.indikatorvakt.alerting;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import se.indikatorvakt.db.ChangeFeed;

/** Every SQL statement of alerting, by name. Parameters only; nothing is built from input. */
final class AlertStatements {
  private AlertStatements() {}

  /** A column of an alert the service writes, and the PostgreSQL type of its values. */
  record Column(String name, String type) {}

  /**
   * Every column of an alert the service writes, in the order {@code AlertRepository.values} gives them: the one list
   * behind the insert, the update and the read, so that a new column cannot be written by one and missed by another.
   */
  static final List<Column> WRITTEN = List.of(
      new Column("kind", "text"), new Column("indicator_id", "text"), new Column("org_unit_id", "text"),
      new Column("gender", "text"), new Column("state", "text"), new Column("severity", "text"),
      new Column("period", "text"), new Column("period_end", "date"), new Column("value", "float8"),
      new Column("result", "text"), new Column("target_text", "text"), new Column("target_value", "float8"),
      new Column("warning_value", "float8"), new Column("trend", "text"), new Column("measurement_id", "int8"),
      new Column("breach_period", "text"), new Column("breach_streak", "int4"), new Column("opened_at", "timestamptz"),
      new Column("fire_at", "timestamptz"), new Column("firing_since", "timestamptz"),
      new Column("closed_at", "timestamptz"), new Column("updated_at", "timestamptz"),
      new Column("notified_severities", "text[]"), new Column("first_notified_at", "timestamptz"),
      new Column("recipient_email", "text"), new Column("recipient_role", "text"), new Column("recipient_unit", "text"),
      new Column("escalation_level", "int4"), new Column("escalated_at", "timestamptz"),
      new Column("last_notified_at", "timestamptz"), new Column("reminders", "int4"),
      new Column("acknowledged_at", "timestamptz"), new Column("acknowledged_by", "text"),
      new Column("acknowledgement_comment", "text"), new Column("told", "jsonb"),
      new Column("settle_until", "timestamptz"), new Column("notice_due_at", "timestamptz"),
      new Column("notice_version", "int8"));

  static final List<String> WRITTEN_COLUMNS = WRITTEN.stream().map(Column::name).toList();

  static final String ALERT_COLUMNS = "a.id, "
      + WRITTEN_COLUMNS.stream().map(column -> "a." + column).collect(Collectors.joining(", "));

  /** Each column's position in {@link #ALERT_COLUMNS}. */
  static final Map<String, Integer> ALERT_POSITIONS = IntStream.range(0, WRITTEN.size() + 1).boxed()
      .collect(Collectors.toUnmodifiableMap(i -> i == 0 ? "id" : WRITTEN.get(i - 1).name(), i -> i));

  /**
   * Takes the lock of each (indicator, unit) pair in the caller's order, creating the row the first time. DO UPDATE
   * writes only when $3 (the exclusive end of the period after a reported one; null from the scheduler) moves the
   * pair's next report later, but it locks the existing row either way (PostgreSQL documents that every conflicting
   * row is locked); a pair inserted concurrently is waited for, then locked.
   */
  static final String LOCK_PAIRS = """
      INSERT INTO alert_series AS s (kommun, indicator_id, org_unit_id, next_report_due)
      SELECT k.kommun, k.indicator_id, k.org_unit_id, k.next_report_due
        FROM unnest($1::text[], $2::text[], $3::date[], $4::text[]) WITH ORDINALITY
             AS k(indicator_id, org_unit_id, next_report_due, kommun, n)
       ORDER BY k.n
      ON CONFLICT (kommun, indicator_id, org_unit_id) DO UPDATE SET next_report_due = EXCLUDED.next_report_due
       WHERE EXCLUDED.next_report_due > s.next_report_due
          OR (s.next_report_due IS NULL AND EXCLUDED.next_report_due IS NOT NULL)""";

  /**
   * Per indicator ($1) and the last day whose period end makes a report overdue now ($2: today less the indicator's
   * reportingGrace), the pairs whose next report is overdue, earliest first, at most $3 per indicator: a range of
   * the index alert_series_report_due, whatever the number of pairs.
   */
  static final String REPORTS_OVERDUE = """
      SELECT s.indicator_id, s.org_unit_id
        FROM unnest($1::text[], $2::date[]) AS q(indicator_id, cutoff)
       CROSS JOIN LATERAL (
             SELECT indicator_id, org_unit_id FROM alert_series
              WHERE indicator_id = q.indicator_id AND next_report_due IS NOT NULL AND next_report_due <= q.cutoff
              ORDER BY next_report_due
              LIMIT $3) s""";

  /** The judged pairs ($1, $2) leave the overdue ones unless a report moved them later meanwhile ($3: the cutoff). */
  static final String REPORTS_JUDGED = """
      UPDATE alert_series s SET next_report_due = NULL
        FROM unnest($1::text[], $2::text[], $3::date[]) AS q(indicator_id, org_unit_id, cutoff)
       WHERE s.indicator_id = q.indicator_id AND s.org_unit_id = q.org_unit_id AND s.next_report_due <= q.cutoff""";

  static final String OPEN_ALERTS_OF_PAIRS = "SELECT " + ALERT_COLUMNS + """

        FROM alert a
        JOIN unnest($1::text[], $2::text[]) AS k(indicator_id, org_unit_id)
          ON a.indicator_id = k.indicator_id AND a.org_unit_id = k.org_unit_id
       WHERE a.state IN ('pending', 'firing')""";

  /**
   * The newest {@code depth} periods of each series whose {@code always} is set or that has an open breach (the
   * index alert_one_open_breach_per_series answers that), newest first; the index measurement_series serves it, read
   * backwards. With the open breaches' series in the same read, a value that may resolve one needs no read of its
   * own after the open alerts have answered: a flight less while the pairs' locks are held. A unit names its kommun, so a series has one kommun and ordering by it first changes nothing but the
   * plan: the index hands out the newest periods first under the row-level policy's kommun = ANY(...) alone (without
   * kommun in the order, the whole series was read and sorted). The series' kommun is not named as an equality:
   * beside the policy's condition it made the primary key (kommun, id) look as selective as the series to a planner
   * without statistics of measurement (a new or freshly filled table), which then read every row of the kommun for
   * each series (500 ms for 25 series of a 60 000-row table, against 1 ms).
   */
  static final String LATEST_PERIODS = """
      SELECT k.indicator_id, k.org_unit_id, k.gender, m.id, m.period, m.value, m.result, m.target_text,
             m.target_value, m.warning_value, m.trend, m.previous_value, m.source, m.revision
        FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bool[])
             AS k(indicator_id, org_unit_id, gender, depth, always)
       CROSS JOIN LATERAL (
             SELECT id, period, period_start, period_end, value, result, target_text, target_value, warning_value,
                    trend, previous_value, source, revision
               FROM measurement
              WHERE indicator_id = k.indicator_id AND org_unit_id = k.org_unit_id AND gender = k.gender
              ORDER BY kommun DESC, period_start DESC, period_end DESC
              LIMIT k.depth) m
       WHERE k.always OR EXISTS (
             SELECT 1 FROM alert a
              WHERE a.indicator_id = k.indicator_id AND a.org_unit_id = k.org_unit_id AND a.gender = k.gender
                AND a.kind = 'breach' AND a.state IN ('pending', 'firing'))
       ORDER BY k.indicator_id, k.org_unit_id, k.gender, m.period_start DESC, m.period_end DESC""";

  /**
   * An alert belongs to its series' kommun, whose row the transaction has locked before (LOCK_PAIRS); kommun is not a
   * written column, so no update can move an alert into another kommun.
   */
  private static final String INSERT_ALERT_ROW = "INSERT INTO alert (kommun, " + String.join(", ", WRITTEN_COLUMNS)
      + ") VALUES ((SELECT s.kommun FROM alert_series s WHERE s.indicator_id = $"
      + (WRITTEN_COLUMNS.indexOf("indicator_id") + 1) + " AND s.org_unit_id = $"
      + (WRITTEN_COLUMNS.indexOf("org_unit_id") + 1) + "), "
      + IntStream.rangeClosed(1, WRITTEN_COLUMNS.size()).mapToObj(n -> "$" + n).collect(Collectors.joining(", "))
      + ")";

  static final String INSERT_ALERT = INSERT_ALERT_ROW + " RETURNING id";

  /** The insert of {@link #INSERT_ALERT} with an id reserved before ({@link #RESERVE_IDS}), last. */
  static final String INSERT_ALERT_WITH_ID = "INSERT INTO alert (id, kommun, " + String.join(", ", WRITTEN_COLUMNS)
      + ") VALUES ($" + (WRITTEN_COLUMNS.size() + 1) + ", (SELECT s.kommun FROM alert_series s WHERE s.indicator_id = $"
      + (WRITTEN_COLUMNS.indexOf("indicator_id") + 1) + " AND s.org_unit_id = $"
      + (WRITTEN_COLUMNS.indexOf("org_unit_id") + 1) + "), "
      + IntStream.rangeClosed(1, WRITTEN_COLUMNS.size()).mapToObj(n -> "$" + n).collect(Collectors.joining(", "))
      + ")";

  /**
   * Ids for the breach alerts a transaction may open, taken with its first reads: with them, the alerts, their events
   * and their emails' outbox rows go in one flight, which need not wait for the insert to answer with the ids. An id
   * left unused is a gap in the numbering, as a rolled-back insert leaves one.
   */
  static final String RESERVE_IDS = "SELECT nextval(pg_get_serial_sequence('alert', 'id')) AS id"
      + " FROM generate_series(1, $1)";

  /** A missing report is inserted at most once per period, whichever instance's scheduler gets there first. */
  static final String INSERT_MISSING_REPORT = INSERT_ALERT_ROW + """

      ON CONFLICT (kommun, indicator_id, org_unit_id, missing_report_period) WHERE kind = 'missing-report' DO NOTHING
      RETURNING id""";

  /**
   * Every updated alert of a transaction in one statement, each column's values an array in {@link #WRITTEN}'s order
   * and the ids last: the firing breaches of a group of single POSTs were one UPDATE each, more than half of the
   * statements PostgreSQL ran, and each one set up its plan and parsed the table's check constraints again. An array
   * cannot hold arrays of another length, so the severities notified travel as one comma-separated text per alert,
   * and {@code told} as its JSON text.
   */
  static final String UPDATE_ALERTS = "UPDATE alert a SET "
      + WRITTEN.stream().map(c -> c.name() + " = " + switch (c.type()) {
        case "text[]" -> "string_to_array(u." + c.name() + ", ',')";
        case "jsonb" -> "u." + c.name() + "::jsonb";
        default -> "u." + c.name();
      }).collect(Collectors.joining(", "))
      + " FROM unnest("
      + IntStream.range(0, WRITTEN.size()).mapToObj(i -> "$" + (i + 1) + "::" + switch (WRITTEN.get(i).type()) {
        case "text[]", "jsonb" -> "text[]";
        default -> WRITTEN.get(i).type() + "[]";
      }).collect(Collectors.joining(", "))
      + ", $" + (WRITTEN.size() + 1) + "::int8[]) AS u("
      + String.join(", ", WRITTEN_COLUMNS) + ", id)"
      + " WHERE a.id = u.id";

  /** An event belongs to the kommun of its alert, or else of its silence. */
  static final String INSERT_EVENT = """
      INSERT INTO alert_event (kommun, alert_id, silence_id, at, kind, cause, actor, from_state, to_state, severity,
                               silenced, details)
      VALUES (coalesce((SELECT a.kommun FROM alert a WHERE a.id = $1), (SELECT s.kommun FROM silence s WHERE s.id = $2)),
              $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""";

  /**
   * The scheduler's leadership: a session-level advisory lock, held by the connection that took it until that
   * connection closes. The number is arbitrary but fixed; it only has to differ from other advisory locks.
   */
  static final String TRY_SCHEDULER_LOCK = "SELECT pg_try_advisory_lock(4935284119123045376)";

  static final String SOURCES = "SELECT id, source FROM measurement WHERE id = ANY($1::bigint[])";

  static final String NOTIFY_ALERTS = "SELECT pg_notify('" + ChangeFeed.ALERTS + "', '')";

  static final String ALERT_FOR_UPDATE = "SELECT " + ALERT_COLUMNS + " FROM alert a WHERE a.id = $1 FOR UPDATE";

  static final String ALERT_BY_ID = "SELECT " + ALERT_COLUMNS + " FROM alert a WHERE a.id = $1";

  static final String EVENTS_OF_ALERT = """
      SELECT id, alert_id, silence_id, at, kind, cause, actor, from_state, to_state, severity, silenced, details
        FROM alert_event WHERE alert_id = $1 ORDER BY id""";

  /**
   * Newest first, filtered; a null array means no filter. Keyset paging on id: {@code $5} is the last id of the
   * previous page (or null), {@code $6} the page size plus one, to know whether there is a next page.
   */
  static final String LIST_ALERTS = "SELECT " + ALERT_COLUMNS + """

        FROM alert a
       WHERE ($1::text[] IS NULL OR a.state = ANY($1))
         AND ($2::text[] IS NULL OR a.severity = ANY($2))
         AND ($3::text[] IS NULL OR a.org_unit_id = ANY($3))
         AND ($4::text[] IS NULL OR a.indicator_id = ANY($4))
         AND ($5::bigint IS NULL OR a.id < $5)
       ORDER BY a.id DESC
       LIMIT $6""";

  static final String ACTIVE_SILENCES = """
      SELECT id, indicator_id, org_unit_id, gender, starts_at, ends_at
        FROM silence
       WHERE ended_at IS NULL AND starts_at <= $1 AND ends_at > $1""";

  static final String SILENCE_COLUMNS = """
      id, indicator_id, org_unit_id, gender, starts_at, ends_at, reason, author, created_at, created_by, ended_at,
      ended_by""";

  /** {@code $1}: true lists only silences not ended and not expired at {@code $2}. */
  static final String LIST_SILENCES = "SELECT " + SILENCE_COLUMNS + """

        FROM silence
       WHERE NOT $1 OR (ended_at IS NULL AND ends_at > $2)
       ORDER BY id DESC
       LIMIT $3""";

  static final String INSERT_SILENCE = """
      INSERT INTO silence (indicator_id, org_unit_id, gender, starts_at, ends_at, reason, author, created_at,
                           created_by, kommun)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      RETURNING\s""" + SILENCE_COLUMNS;

  /** Ends a silence early; a silence already ended (or expired and recorded) is left as it was. */
  static final String END_SILENCE = """
      UPDATE silence SET ended_at = $2, ended_by = $3
       WHERE id = $1 AND ended_at IS NULL
      RETURNING\s""" + SILENCE_COLUMNS;

  static final String SILENCE_BY_ID = "SELECT " + SILENCE_COLUMNS + " FROM silence WHERE id = $1";

  /** Records the expiry of every silence whose time is up; the row lock makes each expiry recorded once. */
  static final String EXPIRE_SILENCES = """
      UPDATE silence SET ended_at = ends_at, ended_by = 'scheduler'
       WHERE ended_at IS NULL AND ends_at <= $1
      RETURNING\s""" + SILENCE_COLUMNS;

  /**
   * Open alerts due to be judged again: pending day-level alerts whose breach has lasted long enough to fire, and
   * alerts whose revised period or early recovery has settled.
   */
  static final String PENDING_DUE = """
      SELECT indicator_id, org_unit_id, gender, least(fire_at, settle_until) AS due FROM alert
       WHERE (state = 'pending' AND fire_at <= $1)
          OR (state IN ('pending', 'firing') AND settle_until <= $1)
       ORDER BY due LIMIT $2""";

  static final String ALERTS_BY_IDS = "SELECT " + ALERT_COLUMNS + """
      , (SELECT e.cause FROM alert_event e
          WHERE e.kommun = a.kommun AND e.alert_id = a.id AND e.kind = 'transition' AND e.to_state IN ('resolved', 'inactive')
          ORDER BY e.id DESC LIMIT 1) AS closed_because
        FROM alert a WHERE a.id = ANY($1::bigint[])""";

  /**
   * The kommun's ($1) firing, unacknowledged alerts whose next notice is due at $2, earliest first, and those whose due
   * instant was worked out under a catalog version older than the scheduler's ($3), at most $4 of each: two ranges
   * of the indexes alert_notice_due and alert_notice_version (V180), whatever the number of firing alerts. The kommun
   * is named, not left to the row-level policy, so that the index hands out the earliest first. The row version
   * (xmin) lets the scheduler set the due instant of an alert it left alone only if nobody changed the alert since.
   */
  static final String NOTICES_DUE = "SELECT " + ALERT_COLUMNS + """
      , a.xmin::text AS row_version
        FROM alert a
       WHERE a.kommun = $1 AND a.state = 'firing' AND a.acknowledged_at IS NULL
         AND a.id IN ((SELECT d.id FROM alert d
                        WHERE d.kommun = $1 AND d.state = 'firing' AND d.acknowledged_at IS NULL
                          AND d.notice_due_at <= $2
                        ORDER BY d.notice_due_at LIMIT $4)
                      UNION
                      (SELECT v.id FROM alert v
                        WHERE v.kommun = $1 AND v.state = 'firing' AND v.acknowledged_at IS NULL
                          AND v.notice_version < $3
                        ORDER BY v.id LIMIT $4))
       ORDER BY a.notice_due_at NULLS FIRST, a.id""";

  /**
   * Sets the due instant ($4, per alert $2) and catalog version ($5) of alerts the scheduler found due but left alone,
   * each only if its row is still the version ($3) the scheduler read: an alert written meanwhile has its own, newer
   * instant. SKIP LOCKED: a row another transaction holds is left as it is (still due, so looked at again next
   * tick), and this statement never waits, so it cannot deadlock with an ingest transaction.
   */
  static final String NOTICES_REARM = """
      UPDATE alert a SET notice_due_at = r.due, notice_version = $5
        FROM (SELECT c.id, q.due FROM alert c
                JOIN unnest($2::bigint[], $3::text[], $4::timestamptz[]) AS q(id, row_version, due) ON c.id = q.id
               WHERE c.kommun = $1 AND c.xmin::text = q.row_version
                 FOR UPDATE OF c SKIP LOCKED) r
       WHERE a.kommun = $1 AND a.id = r.id""";

  /**
   * Of the given overdue pairs (with their indicator's due period and the period before), those that reported the
   * period before but not the due one, and have no missing-report alert for it yet: the regular reporters whose
   * cadence broke. Each check is one lookup per pair, in the measurement key index and in
   * alert_one_missing_report_per_period: OFFSET 0 keeps the planner from turning a check into a join (or an anti-join)
   * over every series or every missing-report alert of the kommun, which grow with the installation and its years.
   */
  static final String CADENCE_BROKEN = """
      SELECT q.indicator_id, q.org_unit_id
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
             AS q(indicator_id, org_unit_id, due_period, previous_period)
       WHERE EXISTS (SELECT 1 FROM measurement m
                      WHERE m.indicator_id = q.indicator_id AND m.org_unit_id = q.org_unit_id
                        AND m.gender = ANY('{T,K,M}') AND m.period = q.previous_period
                      OFFSET 0)
         AND NOT EXISTS (SELECT 1 FROM measurement m
                          WHERE m.indicator_id = q.indicator_id AND m.org_unit_id = q.org_unit_id
                            AND m.gender = ANY('{T,K,M}') AND m.period = q.due_period
                          OFFSET 0)
         AND NOT EXISTS (SELECT 1 FROM alert a
                          WHERE a.kind = 'missing-report' AND a.indicator_id = q.indicator_id
                            AND a.org_unit_id = q.org_unit_id AND a.missing_report_period = q.due_period
                          OFFSET 0)""";

  /**
   * Of the given (indicator, unit, period) triples, those whose series has reported before (a source is connected
   * for it: a standing målvärde alone does not make a fresh installation chase every unit) but has no measurement
   * for the period and no alert for it yet. Each check is one lookup per triple (alert_series' key, the measurement
   * key, alert_one_missing_report_per_period): without OFFSET 0 the planner made the first EXISTS a hash join over
   * every pair of the kommun, so that every tick read all of alert_series (FlatGrowthBench: 1 826 pairs read for
   * 16 triples).
   */
  static final String UNREPORTED = """
      SELECT q.indicator_id, q.org_unit_id, q.period
        FROM unnest($1::text[], $2::text[], $3::text[]) AS q(indicator_id, org_unit_id, period)
       WHERE EXISTS (SELECT 1 FROM alert_series s
                      WHERE s.indicator_id = q.indicator_id AND s.org_unit_id = q.org_unit_id
                      OFFSET 0)
         AND NOT EXISTS (SELECT 1 FROM measurement m
                          WHERE m.indicator_id = q.indicator_id AND m.org_unit_id = q.org_unit_id
                            AND m.gender = ANY('{T,K,M}') AND m.period = q.period
                          OFFSET 0)
         AND NOT EXISTS (SELECT 1 FROM alert a
                          WHERE a.kind = 'missing-report' AND a.indicator_id = q.indicator_id
                            AND a.org_unit_id = q.org_unit_id AND a.missing_report_period = q.period
                          OFFSET 0)""";

  /**
   * The current value of every series of the given pairs (all pairs when null), with its open alert if any. Like
   * LATEST_PERIODS, the newest value is not read with the kommun as an equality: beside the row-level policy's
   * kommun = ANY(...) it made the primary key (kommun, id) look as selective as measurement_series to a planner
   * without statistics, which then read every row of the kommun per series (a unit's id names its kommun, so the
   * series' rows are those of its kommun; kommun first in the order keeps measurement_series' order).
   */
  static final String STATUS = """
      SELECT s.indicator_id, s.org_unit_id, g.gender, m.period, m.value, m.result, m.target_text, m.target_value,
             m.warning_value, m.distance, m.trend, m.updated_at, a.id AS alert_id, a.state AS alert_state,
             a.severity AS alert_severity
        FROM alert_series s
       CROSS JOIN (VALUES ('T'), ('K'), ('M')) AS g(gender)
       CROSS JOIN LATERAL (
             SELECT period, value, result, target_text, target_value, warning_value, distance, trend, updated_at
               FROM measurement
              WHERE indicator_id = s.indicator_id AND org_unit_id = s.org_unit_id AND gender = g.gender
              ORDER BY kommun DESC, period_start DESC, period_end DESC
              LIMIT 1) m
        LEFT JOIN alert a ON a.kommun = s.kommun AND a.kind = 'breach' AND a.state IN ('pending', 'firing')
             AND a.indicator_id = s.indicator_id AND a.org_unit_id = s.org_unit_id AND a.gender = g.gender
       WHERE ($1::text[] IS NULL OR s.indicator_id = ANY($1))
         AND ($2::text[] IS NULL OR s.org_unit_id = ANY($2))
       ORDER BY s.indicator_id, s.org_unit_id, g.gender""";
}
