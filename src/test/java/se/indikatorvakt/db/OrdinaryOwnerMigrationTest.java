package se.indikatorvakt.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * An existing installation upgraded by a migration user that is neither superuser nor BYPASSRLS, only the owner of its
 * database, with the service's roles created for it by an administrator as the README says: every migration runs,
 * the rows stored before kommuner exist move into their kommun, and the series' next report day is filled in for the
 * rows that FORCE row-level security hides from their owner; the service then runs on it as that user.
 */
class OrdinaryOwnerMigrationTest {
  private static final String PASSWORD = "migrate-" + UUID.randomUUID();
  private static final String OWNER = "it_owner_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
      .toLowerCase(Locale.ROOT);

  private static DatabaseUrl admin;
  private static DatabaseUrl database;

  @BeforeAll
  static void anInstallationOfVersion70WithRows() throws SQLException {
    admin = TestDatabases.server();
    execute(admin, "CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD '"
        + PASSWORD + "'");
    execute(admin, createRoleIfMissing("indikatorvakt_service"));
    execute(admin, createRoleIfMissing("indikatorvakt_reader"));
    execute(admin, "GRANT indikatorvakt_service TO " + OWNER + " WITH ADMIN OPTION");
    String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute(admin, "CREATE DATABASE " + name + " OWNER " + OWNER);
    database = new DatabaseUrl(admin.host(), admin.port(), name, OWNER, PASSWORD);

    migrate("70");
    try (Connection connection = connect(); Statement sql = connection.createStatement()) {
      sql.execute(measurement("forhandsbedomningar-over-14-dagar", "myndighet-barn-och-unga", "2022-10-03"));
      sql.execute(measurement("forhandsbedomningar-over-14-dagar", "myndighet-barn-och-unga", "2022-10-04"));
      sql.execute(measurement("herrljunga-sjukfranvaro", "herrljunga-socialforvaltningen", "2021-06-30"));
      sql.execute("INSERT INTO alert_series (indicator_id, org_unit_id) VALUES "
          + "('forhandsbedomningar-over-14-dagar', 'myndighet-barn-och-unga'), "
          + "('herrljunga-sjukfranvaro', 'herrljunga-socialforvaltningen')");
    }
    migrate(null);
  }

  @AfterAll
  static void dropDatabaseAndRole() {
    if (database != null) {
      TestDatabases.drop(database);
    }
    execute(admin, "DROP OWNED BY " + OWNER);
    execute(admin, "DROP ROLE IF EXISTS " + OWNER);
  }

  @Test
  void theOwnerMigratesEveryVersionAndTheRowsMoveIntoTheirKommun() throws SQLException {
    try (Connection connection = connect(); Statement sql = connection.createStatement()) {
      assertThat(rows(sql, "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"))
          .as("an ordinary migration user").containsExactly("f f");
      assertThat(rows(sql, "SELECT count(*) FROM alert_series")).as("FORCE binds the owner again")
          .containsExactly("0");
      assertThat(rows(sql, "SELECT relname FROM pg_class WHERE relkind = 'r' AND relrowsecurity "
          + "AND NOT relforcerowsecurity")).as("a table its owner is left free to read").isEmpty();

      sql.execute("SELECT set_config('indikatorvakt.kommuner', '0880,1466', false)");
      assertThat(rows(sql, "SELECT kommun || ' ' || period FROM measurement ORDER BY kommun, period"))
          .containsExactly("0880 2022-10-03", "0880 2022-10-04", "1466 2021-H1");
      assertThat(rows(sql, "SELECT kommun || ' ' || indicator_id || ' ' || next_report_due FROM alert_series "
          + "ORDER BY kommun"))
          .as("the day after each pair's latest period")
          .containsExactly("0880 forhandsbedomningar-over-14-dagar 2022-10-05",
              "1466 herrljunga-sjukfranvaro 2021-07-01");
    }
  }

  @Test
  void theServiceRunsOnTheUpgradedDatabaseAsThatUser() {
    try (TestService service = TestService.start(TestService.env(database))) {
      Http.Response kalmar = new Http(service.apiPort()).get("/api/v1/measurements?orgUnit=myndighet-barn-och-unga",
          "Authorization", "Bearer dev-indikatorvakt-local-key");
      assertThat(kalmar.status()).as(kalmar.body()).isEqualTo(200);
      assertThat(kalmar.json().getInteger("count")).as("the values stored before the upgrade").isEqualTo(2);
    }
  }

  private static void migrate(String target) {
    var configuration = Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration");
    (target == null ? configuration : configuration.target(target)).load().migrate();
  }

  private static String measurement(String indicator, String unit, String day) {
    boolean halfYear = day.startsWith("2021");
    String period = halfYear ? "2021-H1" : day;
    String start = halfYear ? "2021-01-01" : day;
    return "INSERT INTO measurement (indicator_id, org_unit_id, gender, period, period_type, period_start, "
        + "period_end, value, result, source, created_at, updated_at) VALUES ('" + indicator + "', '" + unit
        + "', 'T', '" + period + "', '" + (halfYear ? "half-year" : "day") + "', '" + start + "', '" + day
        + "', 2, 'not-met', 'Test', now(), now())";
  }

  private static String createRoleIfMissing(String role) {
    return "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE "
        + role + " NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$";
  }

  private static List<String> rows(Statement sql, String query) throws SQLException {
    try (ResultSet result = sql.executeQuery(query)) {
      List<String> out = new ArrayList<>();
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? " " : "").append(result.getString(i));
        }
        out.add(row.toString());
      }
      return out;
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }

  private static void execute(DatabaseUrl on, String sql) {
    try (Connection connection = DriverManager.getConnection(on.jdbcUrl(), on.user(), on.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }
}
