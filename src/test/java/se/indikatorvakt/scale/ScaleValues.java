package se.indikatorvakt.scale;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import se.indikatorvakt.alerting.MissingReports;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.evaluation.Evaluation;
import se.indikatorvakt.evaluation.EvaluationInput;
import se.indikatorvakt.evaluation.TargetEvaluator;

/**
 * Writes the values a catalog's installation would hold after some years of reporting straight into the database
 * with COPY (JDBC on the calling thread: call it from a test's or worker's thread, never an event loop), as the
 * service would have stored them: every indicator of every kommun for every unit of that kommun that existed in the
 * period, by kön where the indicator has that breakdown, for each period from the one due now back over the given
 * years; each value judged by the real TargetEvaluator against the målvärden in force (result, målvärde text,
 * distance, trend and previous value as the ingest pipeline writes them), and the (indicator, unit) pairs in
 * alert_series as ingest records them, with the day their next report is due. The values are drawn around the
 * målvärde, so uppfyllt, delvis uppfyllt and ej uppfyllt all occur. Nothing is due at the end: the latest period of
 * every series is reported.
 *
 * <p>When the schema has a {@code kommun} column (every row belongs to one kommun), it is filled with the kommun's
 * code.
 */
public final class ScaleValues {
  private static final String COLUMNS = "indicator_id, org_unit_id, gender, period, period_type, period_start, "
      + "period_end, value, result, target_text, target_value, warning_value, distance, trend, previous_value, source, "
      + "revision, created_at, updated_at";
  private static final int FLUSH_BYTES = 1 << 20;

  /**
   * What was loaded, and how long it took: the COPY (of which {@code serverMillis} waiting for PostgreSQL to take the
   * rows, the rest making them), then the index builds with VACUUM ANALYZE.
   */
  public record Loaded(long values, long series, long pairs, long copyMillis, long serverMillis, long indexMillis) {}

  private ScaleValues() {}

  public static Loaded load(Connection jdbc, Catalog catalog, Instant now, ZoneId zone, int years)
      throws SQLException {
    long start = System.nanoTime();
    boolean kommunColumn = hasKommunColumn(jdbc);
    jdbc.setAutoCommit(false);
    List<String> rebuild;
    try (Statement statement = jdbc.createStatement()) {
      // emptied in this transaction, so that COPY may write frozen rows, as VACUUM would leave them
      statement.execute("TRUNCATE measurement, alert_series CASCADE");
      rebuild = dropSecondaryIndexes(statement);
    }
    String kommunPrefix = kommunColumn ? "kommun, " : "";
    CopyManager copy = jdbc.unwrap(PGConnection.class).getCopyAPI();
    LocalDate firstDay = now.atZone(zone).toLocalDate().minusYears(years);
    long values = 0;
    long series = 0;
    long pairs = 0;
    long waiting = 0;
    Map<Target, String> described = new IdentityHashMap<>();
    for (Kommun kommun : catalog.kommuner()) {
      String kommunField = kommunColumn ? kommun.code() + "\t" : "";
      CopyIn measurements = copy.copyIn("COPY measurement (" + kommunPrefix + COLUMNS + ") FROM STDIN (FREEZE)");
      StringBuilder rows = new StringBuilder(FLUSH_BYTES + 4096);
      StringBuilder pairRows = new StringBuilder();
      for (Indicator indicator : kommun.indicators()) {
        List<Period> periods = periods(indicator, now, zone, firstDay);
        Boundaries boundaries = Boundaries.of(indicator);
        List<Gender> genders = indicator.breakdowns().contains("gender") ? List.of(Gender.T, Gender.K, Gender.M)
            : List.of(Gender.T);
        for (OrgUnit unit : kommun.organisation().units()) {
          LocalDate nextReportDue = null;
          for (Gender gender : genders) {
            SplittableRandom random = new SplittableRandom((indicator.id() + "|" + unit.id() + "|" + gender).hashCode());
            Map<Period, Double> known = new HashMap<>();
            Map<Long, List<Target>> inForce = new HashMap<>();
            Double previous = null;
            long before = values;
            for (Period period : periods) {
              if (!exists(unit, period)) {
                continue;
              }
              List<Target> targets = inForce.computeIfAbsent(boundaries.segment(period), segment -> catalog
                  .targetsFor(indicator, unit.id(), gender, period).stream().map(TargetRule::target).toList());
              double value = value(indicator, targets, random);
              Evaluation evaluation = TargetEvaluator.evaluate(indicator, targets, EvaluationInput.of(value, period,
                  known));
              rows.append(kommunField);
              row(rows, indicator, unit.id(), gender, period, value, evaluation, previous, now, described);
              known.put(period, value);
              previous = value;
              LocalDate due = period.next().endExclusive();
              nextReportDue = nextReportDue == null || due.isAfter(nextReportDue) ? due : nextReportDue;
              values++;
              if (rows.length() >= FLUSH_BYTES) {
                long flushing = System.nanoTime();
                flush(measurements, rows);
                waiting += System.nanoTime() - flushing;
              }
            }
            if (values > before) {
              series++;
            }
          }
          if (nextReportDue != null) {
            pairRows.append(kommunField).append(indicator.id()).append('\t').append(unit.id()).append('\t')
                .append(nextReportDue).append('\n');
            pairs++;
          }
        }
      }
      flush(measurements, rows);
      long ending = System.nanoTime();
      measurements.endCopy();
      waiting += System.nanoTime() - ending;
      CopyIn alertSeries = copy.copyIn("COPY alert_series (" + kommunPrefix
          + "indicator_id, org_unit_id, next_report_due) FROM STDIN (FREEZE)");
      flush(alertSeries, pairRows);
      alertSeries.endCopy();
    }
    long copied = System.nanoTime();
    try (Statement statement = jdbc.createStatement()) {
      statement.execute("SET maintenance_work_mem = '512MB'");
      for (String sql : rebuild) {
        statement.execute(sql);
      }
      jdbc.commit();
      jdbc.setAutoCommit(true);
      // what autovacuum would have done in an installation that grew over years: statistics and the visibility map
      statement.execute("VACUUM (ANALYZE) measurement, alert_series");
    }
    long indexed = System.nanoTime();
    return new Loaded(values, series, pairs, (copied - start) / 1_000_000, waiting / 1_000_000,
        (indexed - copied) / 1_000_000);
  }

  /** The indicator's periods, oldest first, from the first that ends on or after {@code firstDay} to the one due. */
  static List<Period> periods(Indicator indicator, Instant now, ZoneId zone, LocalDate firstDay) {
    List<Period> periods = new ArrayList<>();
    for (Period p = MissingReports.due(indicator, now, zone); !p.end().isBefore(firstDay); p = p.previous()) {
      periods.add(0, p);
    }
    return periods;
  }

  /**
   * Where the indicator's målvärden begin and end. Which of them are in force for a series can change only where a
   * period's last day passes one of these days, so the targets found for one period hold for every period of the
   * series in the same segment (TargetRule parses its notation on each call: asked once per row, it would be most
   * of the load's time).
   */
  private record Boundaries(LocalDate[] starts, LocalDate[] lasts) {
    static Boundaries of(Indicator indicator) {
      List<LocalDate> starts = new ArrayList<>();
      List<LocalDate> lasts = new ArrayList<>();
      for (TargetRule rule : indicator.targets()) {
        starts.add(rule.start());
        rule.until().flatMap(until -> Period.detectType(until).map(type -> Period.parse(type, until).end()))
            .ifPresent(lasts::add);
      }
      return new Boundaries(starts.toArray(LocalDate[]::new), lasts.toArray(LocalDate[]::new));
    }

    /** The number of beginnings on or before the period's last day and of ends before it, as one key. */
    long segment(Period period) {
      LocalDate end = period.end();
      long begun = 0;
      for (LocalDate start : starts) {
        begun += start.isAfter(end) ? 0 : 1;
      }
      long ended = 0;
      for (LocalDate last : lasts) {
        ended += last.isBefore(end) ? 1 : 0;
      }
      return begun * 1_000_000L + ended;
    }
  }

  private static boolean exists(OrgUnit unit, Period period) {
    return !unit.validFrom().isAfter(period.end()) && unit.validTo().map(to -> !to.isBefore(period.start()))
        .orElse(true);
  }

  /** Around the målvärde (0.6 to 1.4 times it), a few ärenden where it is 0, within what the indicator allows. */
  private static double value(Indicator indicator, List<Target> targets, SplittableRandom random) {
    OptionalDouble reference = targets.stream().map(Target::referenceValue).filter(OptionalDouble::isPresent)
        .findFirst().orElse(OptionalDouble.empty());
    double base = reference.orElse(indicator.validRange().flatMap(r -> r.max().isPresent() ? java.util.Optional.of(
        r.max().getAsDouble() / 2) : java.util.Optional.empty()).orElse(50.0));
    double value = base == 0 ? (random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(3))
        : base * (0.6 + 0.8 * random.nextDouble());
    MeasurementUnit unit = indicator.unit();
    if (unit == MeasurementUnit.ANTAL || unit == MeasurementUnit.RANG || unit == MeasurementUnit.BETYG) {
      value = Math.round(value);
    } else {
      value = Math.round(value * 10) / 10.0;
    }
    value = Math.max(value, unit == MeasurementUnit.RANG ? 1 : 0);
    if (unit == MeasurementUnit.PROCENT) {
      value = Math.min(value, 100);
    }
    if (indicator.validRange().isPresent()) {
      var range = indicator.validRange().get();
      if (range.min().isPresent()) {
        value = Math.max(value, range.min().getAsDouble());
      }
      if (range.max().isPresent()) {
        value = Math.min(value, range.max().getAsDouble());
      }
    }
    return value;
  }

  private static void row(StringBuilder out, Indicator indicator, String unit, Gender gender, Period period,
      double value, Evaluation evaluation, Double previous, Instant now, Map<Target, String> described) {
    Instant written = period.endExclusive().plusDays(3).atStartOfDay().toInstant(ZoneOffset.UTC);
    String at = (written.isAfter(now) ? now : written).toString();
    out.append(indicator.id()).append('\t').append(unit).append('\t').append(gender.name()).append('\t')
        .append(period.notation()).append('\t').append(period.type().code()).append('\t')
        .append(period.start()).append('\t').append(period.end()).append('\t').append(value).append('\t')
        .append(evaluation.result().code()).append('\t');
    text(out, evaluation.target().map(t -> described.computeIfAbsent(t, Target::describeSwedish)).orElse(null));
    number(out, evaluation.target().map(Target::referenceValue).orElse(OptionalDouble.empty()));
    number(out, evaluation.target().map(Target::warningLine).orElse(OptionalDouble.empty()));
    number(out, evaluation.distance());
    text(out, evaluation.trend().map(t -> t.name().toLowerCase(Locale.ROOT)).orElse(null));
    number(out, previous == null ? OptionalDouble.empty() : OptionalDouble.of(previous));
    out.append(indicator.system()).append("\t1\t").append(at).append('\t').append(at).append('\n');
  }

  private static void text(StringBuilder out, String value) {
    if (value == null) {
      out.append("\\N\t");
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    out.append('\t');
  }

  private static void number(StringBuilder out, OptionalDouble value) {
    if (value.isPresent()) {
      out.append(value.getAsDouble()).append('\t');
    } else {
      out.append("\\N\t");
    }
  }

  private static void flush(CopyIn copy, StringBuilder rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    rows.setLength(0);
  }

  /**
   * Drops the unique constraints and indexes of measurement except its primary key (whose next id only appends),
   * whatever the migrations made them; returns the statements that build them again, which is much faster once than
   * row by row. A bulk load of measurement calls it in its own transaction.
   */
  public static List<String> dropSecondaryIndexes(Statement statement) throws SQLException {
    List<String> rebuild = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery("""
        SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
         WHERE conrelid = 'measurement'::regclass AND contype = 'u'""")) {
      while (rs.next()) {
        drop.add("ALTER TABLE measurement DROP CONSTRAINT " + rs.getString(1));
        rebuild.add("ALTER TABLE measurement ADD CONSTRAINT " + rs.getString(1) + " " + rs.getString(2));
      }
    }
    try (ResultSet rs = statement.executeQuery("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
         WHERE i.indrelid = 'measurement'::regclass
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""")) {
      while (rs.next()) {
        drop.add("DROP INDEX " + rs.getString(1));
        rebuild.add(rs.getString(2));
      }
    }
    for (String sql : drop) {
      statement.execute(sql);
    }
    return rebuild;
  }

  private static boolean hasKommunColumn(Connection jdbc) throws SQLException {
    try (Statement statement = jdbc.createStatement(); ResultSet rs = statement.executeQuery(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'measurement' AND column_name = 'kommun'")) {
      return rs.next();
    }
  }
}
