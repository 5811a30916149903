package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.indikatorvakt.Settings;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.metrics.Metrics;
import se.indikatorvakt.metrics.Registries;
import se.indikatorvakt.notification.NotificationModule;

/**
 * The work of one scheduler tick, built as the service builds it, so that a benchmark can time a tick on its own
 * (without the advisory lock and the timer, which only decide when and where a tick runs), and the plans of the
 * statements a tick sends, so that it can show what they read.
 */
public final class SchedulerTicks {
  private SchedulerTicks() {}

  public static Function<Instant, Future<Void>> of(Vertx vertx, Pool pool, CatalogService catalog, Settings settings,
      Clock clock) {
    Metrics metrics = new Metrics(Registries.prometheus());
    var zone = settings.notification().timeZone();
    var outbox = new NotificationModule(vertx, pool, pool, clock, metrics, catalog, null, settings.notification(),
        settings.smtp(), Duration.ofSeconds(1), null, AlertingModule.alertStates(catalog)).outbox();
    AlertRepository repository = new AlertRepository();
    AlertWriter writer = new AlertWriter(repository, outbox, catalog, metrics, zone);
    AlertEngine engine = new AlertEngine(catalog, repository, writer, clock, zone);
    SchedulerWork work = new SchedulerWork(pool, catalog, repository, engine, writer, metrics, zone,
        new YearlyMissingTargets(vertx, pool, catalog, outbox, zone));
    return work::tick;
  }

  /** What the reads of one tick returned (the due work) and the shared buffers their plans touched, over all kommuner. */
  public record Reads(long rows, long buffers) {}

  /**
   * The plans of the statements one tick sends for each kommun, run as the tick runs them (the service's role, one
   * kommun's scope, the tick's parameters at {@code now}), with EXPLAIN (ANALYZE, BUFFERS) in a transaction that is
   * rolled back. Per statement: the rows its plan returned, which is the due work it found, and the buffers it
   * touched, which unlike its time does not depend on the machine's load. The per-pair checks of missing reports
   * (CADENCE_BROKEN) run only for overdue pairs and are not included.
   */
  public static Map<String, Reads> explain(Connection jdbc, Catalog catalog, Instant now, ZoneId zone, long version)
      throws SQLException {
    Map<String, Reads> reads = new LinkedHashMap<>();
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    for (Kommun kommun : catalog.kommuner()) {
      List<String> indicators = new ArrayList<>();
      List<Date> cutoffs = new ArrayList<>();
      List<String[]> own = new ArrayList<>();
      for (Indicator indicator : kommun.indicators()) {
        indicators.add(indicator.id());
        cutoffs.add(Date.valueOf(MissingReports.overdueCutoff(indicator, now, zone)));
        Period period = MissingReports.due(indicator, now, zone);
        MissingReports.unitsWithOwnTarget(indicator, period)
            .forEach(unit -> own.add(new String[] {indicator.id(), unit, period.notation()}));
      }
      jdbc.setAutoCommit(false);
      try (Statement s = jdbc.createStatement()) {
        s.execute("SET LOCAL ROLE " + KommunScope.SERVICE_ROLE);
        s.execute("SELECT set_config('" + KommunScope.SETTING + "', '" + kommun.code() + "', true)");
        add(reads, "EXPIRE_SILENCES", explain(jdbc, AlertStatements.EXPIRE_SILENCES, at));
        add(reads, "PENDING_DUE", explain(jdbc, AlertStatements.PENDING_DUE, at, SchedulerWork.BATCH));
        add(reads, "REPORTS_OVERDUE", explain(jdbc, AlertStatements.REPORTS_OVERDUE,
            jdbc.createArrayOf("text", indicators.toArray()), jdbc.createArrayOf("date", cutoffs.toArray()),
            SchedulerWork.BATCH));
        if (!own.isEmpty()) {
          add(reads, "UNREPORTED", explain(jdbc, AlertStatements.UNREPORTED,
              jdbc.createArrayOf("text", own.stream().map(t -> t[0]).toArray()),
              jdbc.createArrayOf("text", own.stream().map(t -> t[1]).toArray()),
              jdbc.createArrayOf("text", own.stream().map(t -> t[2]).toArray())));
        }
        add(reads, "NOTICES_DUE", explain(jdbc, AlertStatements.NOTICES_DUE, kommun.code(), at, version,
            SchedulerWork.BATCH * 4));
        add(reads, "ACTIVE_SILENCES", explain(jdbc, AlertStatements.ACTIVE_SILENCES, at));
      } finally {
        jdbc.rollback();
        jdbc.setAutoCommit(true);
      }
    }
    return reads;
  }

  private static void add(Map<String, Reads> reads, String statement, Reads more) {
    reads.merge(statement, more, (a, b) -> new Reads(a.rows() + b.rows(), a.buffers() + b.buffers()));
  }

  /** {@code values} by parameter number: each $n of the statement becomes a JDBC placeholder with value n. */
  private static Reads explain(Connection jdbc, String sql, Object... values) throws SQLException {
    Matcher parameter = Pattern.compile("\\$(\\d+)").matcher(sql);
    List<Object> bound = new ArrayList<>();
    while (parameter.find()) {
      bound.add(values[Integer.parseInt(parameter.group(1)) - 1]);
    }
    try (PreparedStatement explain = jdbc.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
        + sql.replaceAll("\\$\\d+", "?"))) {
      for (int i = 0; i < bound.size(); i++) {
        explain.setObject(i + 1, bound.get(i));
      }
      try (ResultSet rs = explain.executeQuery()) {
        rs.next();
        JsonObject plan = new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan");
        return new Reads(plan.getLong("Actual Rows"), plan.getLong("Shared Hit Blocks", 0L)
            + plan.getLong("Shared Read Blocks", 0L));
      }
    }
  }
}
