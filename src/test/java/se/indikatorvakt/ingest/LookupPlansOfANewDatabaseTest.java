package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * On a new database the ingest's key lookups stay lookups while the table grows a thousandfold within a minute, as
 * a first import or a load does: the service has the planner's statistics taken again (migration V190), so the
 * statement a connection prepared while the table held a page is planned again for the table it now runs on.
 * Autovacuum is off for the table, as it is until its first round comes (up to a minute), so only the service can
 * make the difference. Asserted on the buffers the lookup touches, which do not depend on the machine's load: without
 * statistics, or with those of the first page, one lookup of ten keys read thousands.
 */
class LookupPlansOfANewDatabaseTest {
  private static final String KEY = "dev-indikatorvakt-local-key";
  private static final String INDICATOR = "forhandsbedomningar-over-14-dagar";
  private static final String UNIT = "familjeratten";
  private static final LocalDate FIRST_DAY = LocalDate.of(2016, 1, 1);
  private static final int POSTED = 30;
  private static final int GROWN = 30_000;
  private static final int KEYS = 10;
  private static DatabaseUrl database;
  private static TestService service;
  private static Http http;
  private static Connection owner;
  private static Connection session;

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabases.create();
    service = TestService.start(TestService.env(database));
    http = new Http(service.apiPort());
    owner = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    try (Statement s = owner.createStatement()) {
      s.execute("ALTER TABLE measurement SET (autovacuum_enabled = false)");
    }
    session = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    try (Statement s = session.createStatement()) {
      s.execute("SET ROLE " + KommunScope.SERVICE_ROLE);
      s.execute("SELECT set_config('" + KommunScope.SETTING + "', '0880', false)");
      s.execute("PREPARE previous_values(text[], text[], text[], text[], date[], date[]) AS "
          + MeasurementRepository.PREVIOUS_VALUES);
    }
  }

  @AfterAll
  static void stop() throws SQLException {
    session.close();
    owner.close();
    service.close();
    TestDatabases.drop(database);
  }

  @Test
  void aLookupPreparedOnTheFirstPageStillReadsOnlyItsKeysOnceTheTableGrewAThousandfold() throws SQLException {
    for (int day = 0; day < POSTED; day++) {
      assertThat(post(FIRST_DAY.plusDays(day), 3).status()).isEqualTo(201);
    }
    for (int run = 0; run < 6; run++) {
      lookUpTenKeys("EXECUTE");
    }
    try (Statement s = owner.createStatement()) {
      s.execute("""
          INSERT INTO measurement (kommun, indicator_id, org_unit_id, gender, period, period_type, period_start,
                                   period_end, value, result, source, observed_at, revision, created_at, updated_at)
          SELECT '0880', '%s', '%s', 'T', d::date::text, 'day', d::date, d::date, 1, 'no-target', 'test', now(), 1,
                 now(), now()
            FROM generate_series(DATE '%s', DATE '%s' + %d, INTERVAL '1 day') AS d"""
          .formatted(INDICATOR, UNIT, FIRST_DAY.plusDays(POSTED), FIRST_DAY.plusDays(POSTED), GROWN - 1));
    }
    assertThat(post(FIRST_DAY, 4).status()).as("a revision committed after the growth").isEqualTo(201);

    AtomicLong buffers = new AtomicLong();
    Http.await("the lookup of ten keys to read only their index and heap pages", Duration.ofSeconds(10), () -> {
      buffers.set(sharedBuffers(lookUpTenKeys("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE")));
      return buffers.get() <= 10 * KEYS;
    });
    assertThat(buffers.get()).isLessThanOrEqualTo(10 * KEYS);
  }

  private static Http.Response post(LocalDate day, int value) {
    return http.postJson("/api/v1/measurements", new JsonObject().put("indicator", INDICATOR).put("orgUnit", UNIT)
        .put("period", day.toString()).put("value", value), "Authorization", "Bearer " + KEY);
  }

  /** The previous-values lookup of ten keys spread over the table, as the prepared statement of a connection. */
  private static String lookUpTenKeys(String how) {
    StringBuilder days = new StringBuilder();
    for (int k = 0; k < KEYS; k++) {
      days.append(k == 0 ? "" : ",").append(FIRST_DAY.plusDays((long) k * (POSTED + GROWN) / KEYS));
    }
    String texts = "'{" + "%s,".repeat(KEYS - 1) + "%s}'";
    String dates = "'{" + days + "}'";
    String sql = how + " previous_values(" + String.join(", ",
        texts.formatted((Object[]) repeat(INDICATOR)), texts.formatted((Object[]) repeat(UNIT)),
        texts.formatted((Object[]) repeat("T")), dates, dates, dates) + ")";
    try (Statement s = session.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
      return out.toString();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] repeat(String value) {
    String[] values = new String[KEYS];
    java.util.Arrays.fill(values, value);
    return values;
  }

  private static long sharedBuffers(String explained) {
    JsonObject plan = new JsonArray(explained).getJsonObject(0).getJsonObject("Plan");
    return plan.getLong("Shared Hit Blocks", 0L) + plan.getLong("Shared Read Blocks", 0L);
  }
}
