package se.indikatorvakt.support;

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
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.db.Migrations;

/**
 * A measurement table as a new installation has it after its first large batches: {@link #SERIES} day-level series
 * of {@link #DAYS} values each in one kommun, and no statistics yet (autovacuum has not analyzed it; here it never
 * will). The plans of the statements that read it are taken as the service runs them: its role, the kommun's scope,
 * the keys as arrays.
 */
public final class UnanalyzedMeasurements implements AutoCloseable {
  public static final String KOMMUN = "0880";
  public static final String INDICATOR = "forhandsbedomningar-over-14-dagar";
  public static final int SERIES = 25;
  public static final int DAYS = 2_400;
  /** The first day of every series. */
  public static final String FIRST_DAY = "2016-01-01";

  private final DatabaseUrl database;
  private final Connection connection;

  private UnanalyzedMeasurements(DatabaseUrl database, Connection connection) {
    this.database = database;
    this.connection = connection;
  }

  public static UnanalyzedMeasurements fill() throws SQLException {
    DatabaseUrl database = TestDatabases.create();
    Migrations.migrate(database);
    Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
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
    }
    return new UnanalyzedMeasurements(database, connection);
  }

  /** Registers every series' (indicator, unit) pair, as the first value of each did. */
  public void registerPairs() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("""
          INSERT INTO alert_series (kommun, indicator_id, org_unit_id)
          SELECT DISTINCT kommun, indicator_id, org_unit_id FROM measurement""");
    }
  }

  /** Unit {@code i} of the series, 1 to {@link #SERIES}. */
  public static String unit(int i) {
    return "unit-" + i;
  }

  /**
   * The plan of the statement with the arrays as its parameters, in order; each array's SQL type ("text", "date",
   * "int4") first, then its elements.
   */
  public JsonObject explain(String sql, List<Object[]> arrays) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("SET LOCAL ROLE " + KommunScope.SERVICE_ROLE);
      s.execute("SELECT set_config('" + KommunScope.SETTING + "', '" + KOMMUN + "', true)");
      try (PreparedStatement explain = connection.prepareStatement(
          "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql.replaceAll("\\$\\d+", "?"))) {
        for (int i = 0; i < arrays.size(); i++) {
          Object[] typed = arrays.get(i);
          Object[] elements = new Object[typed.length - 1];
          System.arraycopy(typed, 1, elements, 0, elements.length);
          explain.setArray(i + 1, connection.createArrayOf((String) typed[0], elements));
        }
        try (ResultSet rs = explain.executeQuery()) {
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
  public static List<JsonObject> scansOfMeasurement(JsonObject plan) {
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
  public static long rowsRead(JsonObject scan) {
    return (scan.getLong("Actual Rows") + scan.getLong("Rows Removed by Filter", 0L)) * scan.getLong("Actual Loops");
  }

  @Override
  public void close() throws SQLException {
    connection.close();
    TestDatabases.drop(database);
  }
}
