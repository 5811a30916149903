package se.indikatorvakt.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.db.Migrations;

/**
 * A measurement table as a new installation has it after its first large batches: {@link #SERIES} day-level series
 * of {@link #DAYS} values each in one kommun, and no statistics yet (autovacuum has not analyzed it; here it never
 * will). The plans of the statements that read it are taken as the service runs them: its role, the kommun's scope,
 * the keys as arrays. A test class's own database, filled before its tests and dropped after them:
 * {@code @RegisterExtension static final UnanalyzedMeasurements TABLE = UnanalyzedMeasurements.filled();}
 */
public final class UnanalyzedMeasurements implements BeforeAllCallback, AfterAllCallback {
  public static final String KOMMUN = "0880";
  public static final String INDICATOR = "forhandsbedomningar-over-14-dagar";
  public static final int SERIES = 25;
  public static final int DAYS = 2_400;
  /** The first day of every series. */
  public static final String FIRST_DAY = "2016-01-01";

  private final boolean pairsRegistered;
  private DatabaseUrl database;
  private Connection connection;

  private UnanalyzedMeasurements(boolean pairsRegistered) {
    this.pairsRegistered = pairsRegistered;
  }

  public static UnanalyzedMeasurements filled() {
    return new UnanalyzedMeasurements(false);
  }

  /** The same with every series' (indicator, unit) pair registered, as the first value of each did. */
  public static UnanalyzedMeasurements filledWithPairs() {
    return new UnanalyzedMeasurements(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    database = TestDatabases.create();
    Migrations.migrate(database);
    connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    try (Statement s = connection.createStatement()) {
      s.execute("ALTER TABLE measurement SET (autovacuum_enabled = false)");
      s.execute("""
          INSERT INTO measurement (kommun, indicator_id, org_unit_id, gender, period, period_type, period_start,
                                   period_end, value, result, source, revision, created_at, updated_at)
          SELECT '%s', '%s', 'unit-' || u, 'T', d::date::text, 'day', d::date, d::date, u, 'met', 'test', 1, now(),
                 now()
            FROM generate_series(1, %d) AS u,
                 generate_series(DATE '%s', DATE '%s' + %d, INTERVAL '1 day') AS d"""
          .formatted(KOMMUN, INDICATOR, SERIES, FIRST_DAY, FIRST_DAY, DAYS - 1));
      if (pairsRegistered) {
        s.execute("""
            INSERT INTO alert_series (kommun, indicator_id, org_unit_id)
            SELECT DISTINCT kommun, indicator_id, org_unit_id FROM measurement""");
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    try {
      if (connection != null) {
        connection.close();
      }
    } finally {
      if (database != null) {
        TestDatabases.drop(database);
      }
    }
  }

  /** Unit {@code i} of the series, 1 to {@link #SERIES}. */
  public static String unit(int i) {
    return "unit-" + i;
  }

  /** Each series' key (the indicator, its unit, gender T) as the statement's first three parameters, then more. */
  public static List<Object[]> seriesKeys(Object[]... more) {
    List<Object[]> parameters = new ArrayList<>(List.of(perSeries("text", i -> INDICATOR),
        perSeries("text", UnanalyzedMeasurements::unit), perSeries("text", i -> "T")));
    parameters.addAll(List.of(more));
    return parameters;
  }

  /** A parameter with one element per series, element {@code i} for series {@code i}; its SQL type first. */
  public static Object[] perSeries(String type, IntFunction<Object> value) {
    Object[] column = new Object[SERIES + 1];
    column[0] = type;
    IntStream.rangeClosed(1, SERIES).forEach(i -> column[i] = value.apply(i));
    return column;
  }

  /** Asserts that the plan reads measurement, and that no scan of it read more than {@code rows} rows. */
  public static void assertEveryScanReadsAtMost(JsonObject plan, long rows) {
    List<JsonObject> scans = scansOfMeasurement(plan);
    assertThat(scans).as(plan.encodePrettily()).isNotEmpty();
    for (JsonObject scan : scans) {
      assertThat(rowsRead(scan)).as(scan.getString("Node Type") + " using " + scan.getString("Index Name") + "\n"
          + plan.encodePrettily()).isLessThanOrEqualTo(rows);
    }
  }

  /** Which plan of a statement to take. */
  public enum Plan {
    /** The plan PostgreSQL makes for the arrays given, as it does by its own choice. */
    CHOSEN,
    /** The generic plan, made once for arrays of any length, as the small ingest transactions use it. */
    GENERIC
  }

  /**
   * The plan PostgreSQL chooses for the statement with the arrays as its parameters, in order; each array's SQL type
   * ("text", "date", "int4") first, then its elements.
   */
  public JsonObject explain(String sql, List<Object[]> arrays) throws SQLException {
    return explain(Plan.CHOSEN, sql, arrays);
  }

  /** As {@link #explain(String, List)}, the plan named. */
  public JsonObject explain(Plan plan, String sql, List<Object[]> arrays) throws SQLException {
    if (plan == Plan.CHOSEN) {
      return explained(List.of(), "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql.replaceAll("\\$\\d+", "?"), arrays);
    }
    String types = arrays.stream().map(typed -> typed[0] + "[]").collect(Collectors.joining(", "));
    // EXECUTE's arguments cannot be parameters of the statement around it: the arrays go as literals
    List<String> literals = new ArrayList<>();
    for (Object[] typed : arrays) {
      literals.add("'" + connection.createArrayOf((String) typed[0], elements(typed)).toString().replace("'", "''")
          + "'::" + typed[0] + "[]");
    }
    try (Statement s = connection.createStatement()) {
      s.execute("PREPARE explained(" + types + ") AS " + sql);
    }
    try {
      return explained(List.of("SET LOCAL plan_cache_mode = force_generic_plan"),
          "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE explained(" + String.join(", ", literals) + ")", List.of());
    } finally {
      try (Statement s = connection.createStatement()) {
        s.execute("DEALLOCATE explained");
      }
    }
  }

  private static Object[] elements(Object[] typed) {
    Object[] elements = new Object[typed.length - 1];
    System.arraycopy(typed, 1, elements, 0, elements.length);
    return elements;
  }

  /** The plan {@code explain} answers, after the settings, in the service's role and the kommun's scope. */
  private JsonObject explained(List<String> settings, String explain, List<Object[]> arrays) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("SET LOCAL ROLE " + KommunScope.SERVICE_ROLE);
      s.execute("SELECT set_config('" + KommunScope.SETTING + "', '" + KOMMUN + "', true)");
      for (String setting : settings) {
        s.execute(setting);
      }
      try (PreparedStatement statement = connection.prepareStatement(explain)) {
        for (int i = 0; i < arrays.size(); i++) {
          Object[] typed = arrays.get(i);
          statement.setArray(i + 1, connection.createArrayOf((String) typed[0], elements(typed)));
        }
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          return new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan");
        }
      }
    } finally {
      connection.rollback();
      connection.setAutoCommit(true);
    }
  }

  /** Every node of the plan that reads the measurement table. */
  private static List<JsonObject> scansOfMeasurement(JsonObject plan) {
    List<JsonObject> scans = new ArrayList<>();
    collect(plan, scans);
    return scans;
  }

  private static void collect(JsonObject node, List<JsonObject> scans) {
    if ("measurement".equals(node.getString("Relation Name"))) {
      scans.add(node);
    }
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      collect(children.getJsonObject(i), scans);
    }
  }

  /** The rows a scan read: those it returned and those its filter removed, over all its loops. */
  private static long rowsRead(JsonObject scan) {
    return (scan.getLong("Actual Rows") + scan.getLong("Rows Removed by Filter", 0L)) * scan.getLong("Actual Loops");
  }
}
