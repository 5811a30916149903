package se.indikatorvakt.ingest;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.evaluation.Evaluation;
import se.indikatorvakt.evaluation.Trend;
import se.indikatorvakt.text.Codes;

/**
 * Every statement of the ingest package. Writes take whole columns as arrays ({@code unnest}), so a
 * request of 10 000 measurements costs the same few round trips as one of a single measurement.
 */
public final class MeasurementRepository {
  private MeasurementRepository() {}

  /**
   * The lookup of keys, one index probe of measurement_key per key: a LATERAL subquery kept apart by OFFSET 0 runs
   * once per key, so the planner cannot turn it into a scan of the whole table joined by hash or walked in id order,
   * which a plan cached while the table was small chose (measured: the most active statements of the single-POST
   * benchmark, over a thousand rows read per request). The period's dates are matched as well as its notation, so
   * that both measurement_key and measurement_series find exactly one row per key (without, a planner without fresh
   * statistics walked a whole series for every key: 18 s instead of milliseconds for 10 000 day-level keys in series
   * of 2 000). The key's kommun is not named: a unit names its kommun, and beside the row-level policy's
   * kommun = ANY(...) an equality on it made the primary key (kommun, id) look as selective as the key to a planner
   * without statistics of measurement (a new or freshly filled table), which then read every row of the kommun for
   * each key (430 ms for 25 keys of a 60 000-row table, against 1 ms).
   */
  private static final String KEY_ROWS = """
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[])
             AS k(indicator_id, org_unit_id, gender, period, period_start, period_end)
       CROSS JOIN LATERAL (
             SELECT m.kommun, m.id, m.value FROM measurement m
              WHERE m.indicator_id = k.indicator_id AND m.org_unit_id = k.org_unit_id AND m.gender = k.gender
                AND m.period = k.period AND m.period_start = k.period_start AND m.period_end = k.period_end
             OFFSET 0) m""";

  /**
   * The current rows of keys that exist, locked until commit, in id order so concurrent writers do not deadlock: the
   * keys' ids are found first ({@link #KEY_ROWS}), then the rows are read and locked by their primary key, kommun and
   * id. Found by id alone, a planner without statistics of measurement (a new installation's first batches) took the
   * kommun's part of the primary key for selective and read every row of the kommun (60 000 rows for 25 keys).
   */
  static final String LOCK_CURRENT = """
      SELECT m.id, m.indicator_id, m.org_unit_id, m.gender, m.period, m.value
        FROM measurement m
       WHERE (m.kommun, m.id) IN (SELECT m.kommun, m.id""" + KEY_ROWS + """
      )
       ORDER BY m.id
         FOR UPDATE OF m""";

  /** Current values of the previous periods (the trend's reference); read, not locked. */
  static final String PREVIOUS_VALUES = "SELECT k.indicator_id, k.org_unit_id, k.gender, k.period, m.value\n"
      + KEY_ROWS;

  /**
   * Keeps the rows about to be revised, as they are, in the history; each with the source of the request that
   * replaces it (one transaction may carry several requests, see {@link GroupCommit}).
   */
  static final String ARCHIVE = """
      INSERT INTO measurement_revision (kommun, measurement_id, revision, value, result, target_text, target_value,
             warning_value, distance, trend, previous_value, source, reference, comment, observed_at, recorded_at,
             replaced_at, replaced_by_source, catalog_version)
      SELECT m.kommun, m.id, m.revision, m.value, m.result, m.target_text, m.target_value, m.warning_value, m.distance,
             m.trend, m.previous_value, m.source, m.reference, m.comment, m.observed_at, m.updated_at, $3, u.source,
             m.catalog_version
        FROM measurement m
        JOIN unnest($1::bigint[], $2::text[]) AS u(id, source) ON m.id = u.id""";

  static final String REVISE = """
      UPDATE measurement m
         SET value = u.value, result = u.result, target_text = u.target_text, target_value = u.target_value,
             warning_value = u.warning_value, distance = u.distance, trend = u.trend,
             previous_value = u.previous_value, source = u.source, reference = u.reference, comment = u.comment,
             observed_at = u.observed_at, catalog_version = u.catalog_version, revision = m.revision + 1,
             updated_at = $14
        FROM unnest($1::bigint[], $2::float8[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[],
                    $8::text[], $9::float8[], $10::text[], $11::text[], $12::timestamptz[], $13::text[], $15::bigint[])
             AS u(id, value, result, target_text, target_value, warning_value, distance, trend, previous_value,
                  reference, comment, observed_at, source, catalog_version)
       WHERE m.id = u.id""";

  /** The rows of {@link #insertParams}, each with a new id from the table's sequence. */
  private static final String INSERT_ROWS = """
      INSERT INTO measurement (kommun, indicator_id, org_unit_id, gender, period, period_type, period_start,
             period_end, value, result, target_text, target_value, warning_value, distance, trend, previous_value,
             source, reference, comment, observed_at, catalog_version, revision, created_at, updated_at)
      SELECT u.kommun, u.indicator_id, u.org_unit_id, u.gender, u.period, u.period_type, u.period_start, u.period_end,
             u.value, u.result, u.target_text, u.target_value, u.warning_value, u.distance, u.trend,
             u.previous_value, u.source, u.reference, u.comment, u.observed_at, u.catalog_version, 1, $20, $20
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[],
                    $8::float8[], $9::text[], $10::text[], $11::float8[], $12::float8[], $13::float8[], $14::text[],
                    $15::float8[], $16::text[], $17::text[], $18::timestamptz[], $19::text[], $21::bigint[], $22::text[])
             AS u(indicator_id, org_unit_id, gender, period, period_type, period_start, period_end, value, result,
                  target_text, target_value, warning_value, distance, trend, previous_value, reference, comment,
                  observed_at, source, catalog_version, kommun)""";

  /** Inserts the keys that do not exist yet, skipping those that do; answers the ids of those it created. */
  static final String INSERT = INSERT_ROWS + """

      ON CONFLICT ON CONSTRAINT measurement_key DO NOTHING
      RETURNING id, indicator_id, org_unit_id, gender, period""";

  /**
   * Inserts keys expected to be new, with the ids {@link #RESERVE_IDS} took for them ({@link #insertNewParams}),
   * failing with a unique violation on one that exists. Without {@code ON CONFLICT} PostgreSQL inserts each row once
   * instead of speculatively (measured on a durable server, 10 000 rows: 0.6 × the time of {@link #INSERT}, about
   * that of COPY), and with the ids known it answers nothing per row: {@code RETURNING} the key and id of 10 000 rows
   * was 10 000 rows for PostgreSQL to send and this service to decode and look up by key. A large transaction tries it
   * under {@link #SAVEPOINT} first.
   */
  static final String INSERT_NEW = """
      INSERT INTO measurement (id, kommun, indicator_id, org_unit_id, gender, period, period_type, period_start,
             period_end, value, result, target_text, target_value, warning_value, distance, trend, previous_value,
             source, reference, comment, observed_at, catalog_version, revision, created_at, updated_at)
      SELECT u.id, u.kommun, u.indicator_id, u.org_unit_id, u.gender, u.period, u.period_type, u.period_start,
             u.period_end, u.value, u.result, u.target_text, u.target_value, u.warning_value, u.distance, u.trend,
             u.previous_value, u.source, u.reference, u.comment, u.observed_at, u.catalog_version, 1, $20, $20
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[],
                    $8::float8[], $9::text[], $10::text[], $11::float8[], $12::float8[], $13::float8[], $14::text[],
                    $15::float8[], $16::text[], $17::text[], $18::timestamptz[], $19::text[], $21::bigint[],
                    $22::text[], $23::bigint[])
             AS u(indicator_id, org_unit_id, gender, period, period_type, period_start, period_end, value, result,
                  target_text, target_value, warning_value, distance, trend, previous_value, reference, comment,
                  observed_at, source, catalog_version, kommun, id)""";

  /**
   * Ids for the rows of a large transaction, taken from the table's sequence (its column's default) before they are
   * judged, in one array: its inserts then answer nothing per row ({@link #INSERT_NEW}). An id left unused (a key that
   * existed, a rollback) is a gap in the numbering, as a rolled-back insert leaves one. The sequence is named, so that
   * PostgreSQL looks it up once: with {@code pg_get_serial_sequence} as the argument of {@code nextval}, the lookup ran
   * for every id (10 000 ids: 50-70 ms against 6-12 ms, on a durable server).
   */
  static final String RESERVE_IDS = "SELECT array_agg(nextval('measurement_id_seq')) AS ids"
      + " FROM generate_series(1, $1)";

  static final String SAVEPOINT = "SAVEPOINT all_new";
  static final String RELEASE = "RELEASE SAVEPOINT all_new";
  static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT all_new";

  /**
   * The open periods of indicators among the units, locked for the re-judging transaction: the newest stored period
   * of each series (the one the alert lifecycle judges), where it ended on or after $3 or its series has an open
   * breach alert. Locked in id order like {@link #LOCK_CURRENT}, and read again under the lock, so a value written
   * meanwhile is the one judged.
   */
  static final String OPEN_PERIODS = """
      WITH newest AS (
        SELECT DISTINCT ON (indicator_id, org_unit_id, gender) id, indicator_id, org_unit_id, gender, period_end
          FROM measurement
         WHERE indicator_id = ANY($1::text[]) AND org_unit_id = ANY($2::text[])
         ORDER BY indicator_id, org_unit_id, gender, period_start DESC, period_end DESC)
      SELECT m.id, m.indicator_id, m.org_unit_id, m.gender, m.period, m.value, m.result, m.target_text, m.source,
             m.reference, m.comment, m.observed_at
        FROM measurement m
        JOIN newest n ON n.id = m.id
       WHERE n.period_end >= $3
          OR EXISTS (SELECT 1 FROM alert a
                      WHERE a.kind = 'breach' AND a.state IN ('pending', 'firing') AND a.indicator_id = n.indicator_id
                        AND a.org_unit_id = n.org_unit_id AND a.gender = n.gender)
       ORDER BY m.id
         FOR UPDATE OF m""";

  /** $1: the changed series ({@link ChangeFeed#seriesPayload}), so listeners read those and not every series. */
  static final String NOTIFY = "SELECT pg_notify('" + ChangeFeed.MEASUREMENTS + "', $1)";

  private static final String COLUMNS = """
      id, indicator_id, org_unit_id, gender, period, period_type, period_start, period_end, value, result, target_text,
      target_value, warning_value, distance, trend, previous_value, source, reference, comment, observed_at,
      revision, updated_at""";

  /**
   * A page of current values in series and time order, continuing after the cursor's row; $1 and $2 are the
   * indicators and org units asked for and readable by the caller (null: all).
   */
  static final String LIST = "SELECT " + COLUMNS + """

        FROM measurement
       WHERE ($1::text[] IS NULL OR indicator_id = ANY($1::text[]))
         AND ($2::text[] IS NULL OR org_unit_id = ANY($2::text[]))
         AND ($3::text IS NULL OR gender = $3)
         AND ($4::date IS NULL OR period_start >= $4)
         AND ($5::date IS NULL OR period_start <= $5)
         AND ($6::text IS NULL
              OR (indicator_id, org_unit_id, gender, period_start, period_end) > ($6, $7::text, $8::text, $9::date,
                  $10::date))
       ORDER BY indicator_id, org_unit_id, gender, period_start, period_end
       LIMIT $11""";

  /** The current value and every value it replaced, newest first. */
  static final String HISTORY = """
      SELECT revision, value, result, target_text, target_value, warning_value, distance, trend, previous_value,
             source, reference, comment, observed_at, updated_at AS recorded_at, NULL::timestamptz AS replaced_at,
             NULL::text AS replaced_by_source, true AS current
        FROM measurement
       WHERE indicator_id = $1 AND org_unit_id = $2 AND gender = $3 AND period = $4
      UNION ALL
      SELECT r.revision, r.value, r.result, r.target_text, r.target_value, r.warning_value, r.distance, r.trend,
             r.previous_value, r.source, r.reference, r.comment, r.observed_at, r.recorded_at, r.replaced_at,
             r.replaced_by_source, false
        FROM measurement_revision r
        JOIN measurement m ON m.kommun = r.kommun AND m.id = r.measurement_id
       WHERE m.indicator_id = $1 AND m.org_unit_id = $2 AND m.gender = $3 AND m.period = $4
       ORDER BY revision DESC""";

  /** The current row of a key as stage one of the write sees it. */
  record Current(long id, double value) {}

  /**
   * A row to write, with its evaluation and the målvärde in words (worked out once per target of a
   * request, because formatting Swedish numbers costs more than the evaluation itself), and the source of the
   * request it came in; id is its row's id once known (-1 before).
   */
  record Write(MeasurementInput input, Evaluation evaluation, String targetText, String source, long catalogVersion,
      long id) {
    Write withId(long rowId) {
      return new Write(input, evaluation, targetText, source, catalogVersion, rowId);
    }
  }

  /** A stored open period as {@link #OPEN_PERIODS} reads it, with the verdict it was stored with. */
  record OpenPeriod(long id, String indicator, String orgUnit, Gender gender, String period, double value,
      String result, String targetText, String source, Optional<String> reference, Optional<String> comment,
      Optional<Instant> observedAt) {

    /** The stored value as a measurement of the catalog; empty when the catalog no longer has its indicator. */
    Optional<MeasurementInput> input(Catalog catalog, int index) {
      Optional<Indicator> own = catalog.indicator(indicator, orgUnit);
      if (own.isEmpty()) {
        return Optional.empty();
      }
      Period parsed;
      try {
        parsed = Period.parse(own.get().periodType(), period);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      return Optional.of(new MeasurementInput(index, "", catalog.kommunOf(orgUnit).orElseThrow().code(), own.get(),
          orgUnit, gender, parsed, value, observedAt, comment, reference));
    }

    /** Whether the new evaluation says something else than the stored one: another verdict or another målvärde. */
    boolean judgedOtherwise(Write write) {
      return !write.evaluation().result().code().equals(result) || !Objects.equals(write.targetText(), targetText);
    }
  }

  static Future<List<OpenPeriod>> openPeriods(SqlConnection tx, Set<String> indicators, List<String> units,
      LocalDate openSince) {
    return tx.preparedQuery(OPEN_PERIODS).execute(Tuple.tuple().addArrayOfString(indicators.toArray(String[]::new))
        .addArrayOfString(units.toArray(String[]::new)).addLocalDate(openSince)).map(rows -> {
          List<OpenPeriod> open = new ArrayList<>(rows.size());
          for (Row row : rows) {
            OffsetDateTime observed = row.getOffsetDateTime("observed_at");
            open.add(new OpenPeriod(row.getLong("id"), row.getString("indicator_id"), row.getString("org_unit_id"),
                Gender.valueOf(row.getString("gender")), row.getString("period"), row.getDouble("value"),
                row.getString("result"), row.getString("target_text"), row.getString("source"),
                Optional.ofNullable(row.getString("reference")), Optional.ofNullable(row.getString("comment")),
                Optional.ofNullable(observed).map(OffsetDateTime::toInstant)));
          }
          return open;
        });
  }

  /** A key with its period's dates, for the lookups. */
  record Lookup(MeasurementKey key, LocalDate start, LocalDate end) {
    static Lookup of(MeasurementKey key, Period period) {
      return new Lookup(key, period.start(), period.end());
    }
  }

  static Future<Map<MeasurementKey, Current>> lockCurrent(SqlConnection tx, List<Lookup> keys) {
    return tx.preparedQuery(LOCK_CURRENT).execute(keyColumns(keys)).map(rows -> {
      Map<MeasurementKey, Current> current = new HashMap<>(rows.size() * 2);
      for (Row row : rows) {
        current.put(key(row), new Current(row.getLong("id"), row.getDouble("value")));
      }
      return current;
    });
  }

  static Future<Map<MeasurementKey, Double>> values(SqlConnection tx, List<Lookup> keys) {
    return tx.preparedQuery(PREVIOUS_VALUES).execute(keyColumns(keys)).map(rows -> {
      Map<MeasurementKey, Double> values = new HashMap<>(rows.size() * 2);
      for (Row row : rows) {
        values.put(key(row), row.getDouble("value"));
      }
      return values;
    });
  }

  static Future<Void> archive(SqlConnection tx, List<Write> revised, Instant at) {
    Long[] ids = revised.stream().map(w -> w.id()).toArray(Long[]::new);
    String[] sources = revised.stream().map(Write::source).toArray(String[]::new);
    return tx.preparedQuery(ARCHIVE).execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfString(sources)
        .addOffsetDateTime(utc(at))).mapEmpty();
  }

  static Future<Void> revise(SqlConnection tx, List<Write> revised, Instant at) {
    int n = revised.size();
    Long[] ids = new Long[n];
    Columns c = new Columns(n);
    for (int i = 0; i < n; i++) {
      ids[i] = revised.get(i).id();
      c.set(i, revised.get(i));
    }
    Tuple params = Tuple.tuple().addArrayOfLong(ids).addArrayOfDouble(c.value).addArrayOfString(c.result)
        .addArrayOfString(c.targetText).addArrayOfDouble(c.targetValue).addArrayOfDouble(c.warningValue)
        .addArrayOfDouble(c.distance).addArrayOfString(c.trend).addArrayOfDouble(c.previousValue)
        .addArrayOfString(c.reference).addArrayOfString(c.comment).addArrayOfOffsetDateTime(c.observedAt)
        .addArrayOfString(c.source).addOffsetDateTime(utc(at)).addArrayOfLong(c.catalogVersion);
    return tx.preparedQuery(REVISE).execute(params).mapEmpty();
  }

  /** Inserts the keys that do not exist yet ({@link #INSERT}); returns the ids of those it created. */
  static Future<Map<MeasurementKey, Long>> insertNew(SqlConnection tx, List<Write> created, Instant at) {
    return tx.preparedQuery(INSERT).execute(insertParams(created, at)).map(rows -> {
      Map<MeasurementKey, Long> ids = new HashMap<>(rows.size() * 2);
      for (Row row : rows) {
        ids.put(key(row), row.getLong("id"));
      }
      return ids;
    });
  }

  /** Runs {@link #INSERT_NEW} with the columns of {@link #insertNewParams}. */
  static Future<Void> insertAllNew(SqlConnection tx, Tuple params) {
    return tx.preparedQuery(INSERT_NEW).execute(params).mapEmpty();
  }

  /** {@code count} ids of {@link #RESERVE_IDS}, in the order they were taken. */
  static Future<long[]> reserveIds(SqlConnection tx, int count) {
    return tx.preparedQuery(RESERVE_IDS).execute(Tuple.of(count)).map(rows -> {
      Long[] ids = rows.iterator().next().getArrayOfLongs("ids");
      long[] reserved = new long[ids.length];
      for (int i = 0; i < ids.length; i++) {
        reserved[i] = ids[i];
      }
      return reserved;
    });
  }

  static Future<Void> simple(SqlConnection tx, String statement) {
    return tx.query(statement).execute().mapEmpty();
  }

  /** The rows to insert as columns; pure, so that a worker builds those of a large transaction. */
  static Tuple insertParams(List<Write> created, Instant at) {
    int n = created.size();
    String[] kommun = new String[n];
    String[] indicator = new String[n];
    String[] orgUnit = new String[n];
    String[] gender = new String[n];
    String[] period = new String[n];
    String[] periodType = new String[n];
    LocalDate[] start = new LocalDate[n];
    LocalDate[] end = new LocalDate[n];
    Columns c = new Columns(n);
    for (int i = 0; i < n; i++) {
      MeasurementInput m = created.get(i).input();
      kommun[i] = m.kommun();
      indicator[i] = m.indicator().id();
      orgUnit[i] = m.orgUnit();
      gender[i] = m.gender().code();
      period[i] = m.period().notation();
      periodType[i] = m.period().type().code();
      start[i] = m.period().start();
      end[i] = m.period().end();
      c.set(i, created.get(i));
    }
    Tuple params = Tuple.tuple().addArrayOfString(indicator).addArrayOfString(orgUnit).addArrayOfString(gender)
        .addArrayOfString(period).addArrayOfString(periodType).addArrayOfLocalDate(start).addArrayOfLocalDate(end)
        .addArrayOfDouble(c.value).addArrayOfString(c.result).addArrayOfString(c.targetText)
        .addArrayOfDouble(c.targetValue).addArrayOfDouble(c.warningValue).addArrayOfDouble(c.distance)
        .addArrayOfString(c.trend).addArrayOfDouble(c.previousValue).addArrayOfString(c.reference)
        .addArrayOfString(c.comment).addArrayOfOffsetDateTime(c.observedAt).addArrayOfString(c.source)
        .addOffsetDateTime(utc(at)).addArrayOfLong(c.catalogVersion).addArrayOfString(kommun);
    return params;
  }

  /** The rows of {@link #INSERT_NEW} as columns, each with its {@link Write#id}; pure, like {@link #insertParams}. */
  static Tuple insertNewParams(List<Write> created, Instant at) {
    Long[] ids = new Long[created.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = created.get(i).id();
    }
    return insertParams(created, at).addArrayOfLong(ids);
  }

  static Future<Void> notifyChanged(SqlConnection tx, String payload) {
    return tx.preparedQuery(NOTIFY).execute(Tuple.of(payload)).mapEmpty();
  }

  public static Future<RowSet<Row>> list(SqlClient client, MeasurementQuery query, String[] indicators,
      String[] orgUnits) {
    MeasurementQuery.Cursor after = query.after().orElse(null);
    Tuple params = Tuple.tuple()
        .addArrayOfString(indicators)
        .addArrayOfString(orgUnits)
        .addString(query.gender().map(Gender::code).orElse(null))
        .addLocalDate(query.from().orElse(null))
        .addLocalDate(query.to().orElse(null))
        .addString(after == null ? null : after.indicator())
        .addString(after == null ? null : after.orgUnit())
        .addString(after == null ? null : after.gender())
        .addLocalDate(after == null ? null : after.periodStart())
        .addLocalDate(after == null ? null : after.periodEnd())
        .addInteger(query.limit() + 1);
    return client.preparedQuery(LIST).execute(params);
  }

  public static Future<RowSet<Row>> history(SqlClient client, MeasurementKey key) {
    return client.preparedQuery(HISTORY).execute(Tuple.of(key.indicator(), key.orgUnit(), key.gender().code(),
        key.period()));
  }

  private static Tuple keyColumns(List<Lookup> keys) {
    int n = keys.size();
    String[] indicator = new String[n];
    String[] orgUnit = new String[n];
    String[] gender = new String[n];
    String[] period = new String[n];
    LocalDate[] start = new LocalDate[n];
    LocalDate[] end = new LocalDate[n];
    for (int i = 0; i < n; i++) {
      MeasurementKey key = keys.get(i).key();
      indicator[i] = key.indicator();
      orgUnit[i] = key.orgUnit();
      gender[i] = key.gender().code();
      period[i] = key.period();
      start[i] = keys.get(i).start();
      end[i] = keys.get(i).end();
    }
    return Tuple.tuple().addArrayOfString(indicator).addArrayOfString(orgUnit).addArrayOfString(gender)
        .addArrayOfString(period).addArrayOfLocalDate(start).addArrayOfLocalDate(end);
  }

  private static MeasurementKey key(Row row) {
    return new MeasurementKey(row.getString("indicator_id"), row.getString("org_unit_id"),
        Codes.require(Gender.class, row.getString("gender")), row.getString("period"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** The evaluation and free-text columns shared by INSERT and REVISE, as arrays. */
  private static final class Columns {
    final Double[] value;
    final String[] result;
    final String[] targetText;
    final Double[] targetValue;
    final Double[] warningValue;
    final Double[] distance;
    final String[] trend;
    final Double[] previousValue;
    final String[] reference;
    final String[] comment;
    final OffsetDateTime[] observedAt;
    final String[] source;
    final Long[] catalogVersion;

    Columns(int n) {
      value = new Double[n];
      result = new String[n];
      targetText = new String[n];
      targetValue = new Double[n];
      warningValue = new Double[n];
      distance = new Double[n];
      trend = new String[n];
      previousValue = new Double[n];
      reference = new String[n];
      comment = new String[n];
      observedAt = new OffsetDateTime[n];
      source = new String[n];
      catalogVersion = new Long[n];
    }

    void set(int i, Write write) {
      MeasurementInput m = write.input();
      Evaluation e = write.evaluation();
      Optional<Target> target = e.target();
      value[i] = m.value();
      result[i] = e.result().code();
      targetText[i] = write.targetText();
      targetValue[i] = target.map(t -> boxed(t.referenceValue())).orElse(null);
      warningValue[i] = target.map(t -> boxed(t.warningLine())).orElse(null);
      distance[i] = boxed(e.distance());
      trend[i] = e.trend().map(Trend::code).orElse(null);
      previousValue[i] = boxed(e.previousValue());
      reference[i] = m.reference().orElse(null);
      comment[i] = m.comment().orElse(null);
      observedAt[i] = m.observedAt().map(MeasurementRepository::utc).orElse(null);
      source[i] = write.source();
      catalogVersion[i] = write.catalogVersion() > 0 ? write.catalogVersion() : null;
    }

    private static Double boxed(OptionalDouble value) {
      return value.isPresent() ? Double.valueOf(value.getAsDouble()) : null;
    }
  }
}
