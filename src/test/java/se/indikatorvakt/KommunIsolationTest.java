package se.indikatorvakt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.http.auth.ApiKeys;
import se.indikatorvakt.metrics.GrafanaDashboards;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ShippedConfig;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Two kommuner in one installation, Kalmar (shipped) and Provby (a test kommun), each with a breach of the same
 * national indicator, an alert, an email and (Kalmar) a silence: with Provby's keys every read and write across into
 * Kalmar finds nothing (another kommun's things are 404 or unknown, writing into it 403 or 422, nothing stored), each
 * kommun judges the same value by its own målvärden and mails its own manager from its own sender, and PostgreSQL
 * itself shows the service's role nothing without the kommun setting.
 */
class KommunIsolationTest {
  private static final Instant NOW = Instant.parse("2022-10-05T08:00:00Z");
  private static final String INDICATOR = "forhandsbedomningar-over-14-dagar";
  private static final String KALMAR_UNIT = "myndighet-barn-och-unga";
  private static final String KALMAR_MANAGER = "enhetschef.myndighet-barn-och-unga@kalmar.example";
  private static final String PROVBY_UNIT = "provby-hemtjanst";
  private static final String PROVBY_MANAGER = "enhetschef.hemtjanst@provby.example";
  private static final String PROVBY_SOURCE_KEY = "test-provby-source-key";
  private static final String PROVBY_ADMIN_KEY = "test-provby-admin-key";
  private static final String[] KALMAR = {"Authorization", "Bearer dev-indikatorvakt-local-key"};
  private static final String[] ADMIN = {"Authorization", "Bearer dev-indikatorvakt-admin-key"};
  private static final String[] PROVBY = {"Authorization", "Bearer " + PROVBY_SOURCE_KEY};
  private static final String[] PROVBY_ADMIN = {"Authorization", "Bearer " + PROVBY_ADMIN_KEY};
  private static final List<String> TABLES = List.of("measurement", "measurement_revision", "alert_series", "alert",
      "silence", "alert_event", "outbox", "notification_attempt", "notification_daily_count", "assessment",
      "catalog_rejudge", "missing_targets_list");
  /** A row of each table that came behind the wall after V81, for the kommun in its first column. */
  private static final Map<String, String> LATER_TABLE_ROWS = Map.of(
      "assessment", "INSERT INTO assessment (kommun, subject_kind, subject_id, org_unit_id, period, period_start, "
          + "period_end, version, result, motivation, assessed_by, recorded_by, recorded_at) VALUES ('%s', 'goal', "
          + "'okand', 'okand', '2021', '2021-01-01', '2021-12-31', 1, 'met', 'Test', 'Test', 'admin:test', now())",
      "catalog_rejudge", "INSERT INTO catalog_rejudge (kommun, version, indicators, created_at, done_at, rejudged) "
          + "VALUES ('%s', 1, '{}', now(), now(), 0)",
      "missing_targets_list", "INSERT INTO missing_targets_list (kommun, year, decided_at, missing) "
          + "VALUES ('%s', 2022, now(), 0)");

  private static DatabaseUrl database;
  private static GreenMail smtp;
  private static TestService service;
  private static Http http;
  private static JsonObject kalmarVerdict;
  private static JsonObject provbyVerdict;
  private static long kalmarAlert;
  private static long provbyAlert;
  private static long kalmarSilence;

  @BeforeAll
  static void start() {
    database = TestDatabases.create();
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_CONFIG_DIR", configWithProvby().toString());
    env.put("INDIKATORVAKT_SMTP_HOST", "127.0.0.1");
    env.put("INDIKATORVAKT_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
    env.put("INDIKATORVAKT_SMTP_SECURITY", "none");
    env.put("INDIKATORVAKT_ALERTING_SCHEDULER_INTERVAL", "PT1H");
    env.put("INDIKATORVAKT_NOTIFICATION_GROUPING_WINDOW", "PT0S");
    service = TestService.start(env, Clock.fixed(NOW, ZoneOffset.UTC));
    http = new Http(service.apiPort());

    kalmarVerdict = stored(KALMAR, KALMAR_UNIT, 2);
    provbyVerdict = stored(PROVBY, PROVBY_UNIT, 2);
    kalmarAlert = onlyAlertId(ADMIN, KALMAR_UNIT);
    provbyAlert = onlyAlertId(PROVBY_ADMIN, PROVBY_UNIT);
    Http.Response silence = http.postJson("/api/v1/silences", new JsonObject().put("orgUnit", "daglig-verksamhet")
        .put("endsAt", "2022-10-20T00:00:00Z").put("reason", "Omorganisation").put("author", "verksamhetschef"),
        ADMIN);
    assertThat(silence.status()).as(silence.body()).isEqualTo(201);
    kalmarSilence = silence.json().getLong("id");
    assertThat(assessment(ADMIN, "0880", "fordon-och-transporter", "2022-T2").status()).isEqualTo(201);
    assertThat(assessment(PROVBY_ADMIN, "9999", "provby-arbetsmiljo", "2022").status()).isEqualTo(201);
    // the catalog's re-judging queue and the yearly decisions of January, written as the owner that bypasses the wall
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); Statement sql = connection.createStatement()) {
      for (String kommun : List.of("0880", "9999")) {
        sql.execute(LATER_TABLE_ROWS.get("catalog_rejudge").formatted(kommun));
        sql.execute(LATER_TABLE_ROWS.get("missing_targets_list").formatted(kommun));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
    TestDatabases.drop(database);
  }

  @Test
  void theSameValueIsJudgedByEachKommunsOwnMalvardenAndMailedToItsOwnManager() throws Exception {
    assertThat(kalmarVerdict.getString("resultCode")).as("Kalmar: only the law, ≤ 0").isEqualTo("not-met");
    assertThat(provbyVerdict.getString("resultCode")).as("Provby: its own ≤ 1, warning at 3").isEqualTo("partly-met");
    assertThat(provbyVerdict.getString("target")).isNotEqualTo(kalmarVerdict.getString("target"));

    Http.await("both managers' emails", Duration.ofSeconds(20),
        () -> to(KALMAR_MANAGER).size() == 1 && to(PROVBY_MANAGER).size() == 1);
    MimeMessage kalmar = to(KALMAR_MANAGER).get(0);
    MimeMessage provby = to(PROVBY_MANAGER).get(0);
    assertThat(kalmar.getFrom()[0].toString()).contains("indikatorvakt@kalmar.example");
    assertThat(provby.getFrom()[0].toString()).contains("indikatorvakt@provby.example");
    assertThat(text(kalmar)).contains("ej uppfyllt").doesNotContain("provby");
    assertThat(text(provby)).contains("delvis uppfyllt").doesNotContain("kalmar");
    assertThat(smtp.getReceivedMessages()).as("nobody else mailed").hasSize(2);
  }

  @Test
  void aKeyOfOneKommunWritesNothingIntoAnother() {
    Http.Response refused = measurement(PROVBY, INDICATOR, KALMAR_UNIT, "2022-10-03", 5);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("detail")).contains("kommun 9999");

    Http.Response notOurs = measurement(PROVBY, "vantetid-daglig-verksamhet", PROVBY_UNIT, "2022-T1", 60);
    assertThat(notOurs.status()).isEqualTo(422);
    assertThat(notOurs.json().getJsonArray("errors").getJsonObject(0).getString("detail"))
        .contains("is not an indicator of kommun 9999 (Provby kommun)");

    Http.Response noSuchUnit = measurement(PROVBY, INDICATOR, "provby-finns-inte", "2022-10-03", 1);
    assertThat(noSuchUnit.status()).isEqualTo(422);
    assertThat(noSuchUnit.json().getJsonArray("errors").getJsonObject(0).getString("detail"))
        .contains("is not an org unit of kommun 9999 (Provby kommun)");

    Http.Response silence = http.postJson("/api/v1/silences", new JsonObject().put("orgUnit", KALMAR_UNIT)
        .put("endsAt", "2022-10-20T00:00:00Z").put("reason", "Test").put("author", "socialchef"), PROVBY_ADMIN);
    assertThat(silence.status()).isEqualTo(422);
    Http.Response analysis = http.postJson("/api/v1/analyses", new JsonObject().put("kommun", "0880")
        .put("indicator", "vantetid-daglig-verksamhet").put("orgUnit", "daglig-verksamhet").put("period", "2022-T1")
        .put("analysis", "Test").put("actions", "Test"), PROVBY_ADMIN);
    assertThat(analysis.status()).isEqualTo(404);
    Http.Response assessment = http.postJson("/api/v1/assessments", new JsonObject().put("kommun", "0880")
        .put("goal", "fordon-och-transporter").put("period", "2022-T1").put("verdict", "met")
        .put("motivation", "Test").put("assessedBy", "Socialnämnden"), PROVBY_ADMIN);
    assertThat(assessment.status()).as("Kalmar's goal is no goal of Provby's administrator").isEqualTo(422);
    assertThat(http.get("/api/v1/assessments?kommun=0880&goal=fordon-och-transporter&period=2022-T1",
        PROVBY_ADMIN).status()).isEqualTo(422);

    assertThat(http.get("/api/v1/measurements?orgUnit=" + KALMAR_UNIT, KALMAR).json().getInteger("count"))
        .as("nothing stored").isEqualTo(1);
    assertThat(http.get("/api/v1/silences?state=all", ADMIN).json().getInteger("count")).isEqualTo(1);
    Http.Response analyses = http.get("/api/v1/analyses?kommun=0880&indicator=vantetid-daglig-verksamhet"
        + "&orgUnit=daglig-verksamhet&period=2022-T1", ADMIN);
    assertThat(analyses.status()).as(analyses.body()).isEqualTo(200);
    assertThat(analyses.json().getInteger("count")).isZero();
    assertThat(http.get("/api/v1/assessments?kommun=0880&goal=fordon-och-transporter&period=2022-T1", ADMIN)
        .json().getInteger("count")).as("no bedömning stored across kommuner").isZero();
  }

  @Test
  void theStatusOfAUnitShowsTheGoalsAndLapsedMalvardenOfItsKommunOnly() {
    Http.Response every = http.get("/api/v1/status", ADMIN);
    assertThat(values(every, "goals", "kommun")).as("a key of the four shipped kommuner").contains("0880", "0484");
    assertThat(values(every, "targetsMissing", "kommun")).contains("0880", "0484");
    Http.Response kalmar = http.get("/api/v1/status?orgUnit=" + KALMAR_UNIT, ADMIN);
    assertThat(values(kalmar, "goals", "kommun")).isNotEmpty().containsOnly("0880");
    assertThat(values(kalmar, "targetsMissing", "kommun")).containsExactly("0880");
    assertThat(values(kalmar, "series", "orgUnit")).containsOnly(KALMAR_UNIT);
  }

  @Test
  void aKeyOfOneKommunReadsOnlyItsOwn() {
    assertThat(values(http.get("/api/v1/measurements", PROVBY), "items", "orgUnit")).containsOnly(PROVBY_UNIT);
    assertThat(values(http.get("/api/v1/alerts", PROVBY_ADMIN), "items", "id")).containsExactly(provbyAlert);
    assertThat(values(http.get("/api/v1/status", PROVBY), "series", "orgUnit")).containsOnly(PROVBY_UNIT);
    assertThat(values(http.get("/api/v1/status?kommun=9999", PROVBY), "series", "orgUnit")).containsOnly(PROVBY_UNIT);
    assertThat(http.get("/api/v1/silences?state=all", PROVBY_ADMIN).json().getInteger("count")).isZero();
    assertThat(values(http.get("/api/v1/notifications", PROVBY_ADMIN), "items", "recipient"))
        .containsOnly(PROVBY_MANAGER);
    assertThat(values(http.get("/api/v1/kommuner", PROVBY), "kommuner", "code")).containsExactly("9999");
    assertThat(values(http.get("/api/v1/organisation", PROVBY), "units", "kommun")).containsOnly("9999");
    assertThat(values(http.get("/api/v1/indicators", PROVBY), "indicators", "id"))
        .contains(INDICATOR, "provby-sjukfranvaro").doesNotContain("vantetid-daglig-verksamhet");
  }

  @Test
  void anotherKommunsThingsDoNotExistForTheKey() {
    long kalmarEmail = http.get("/api/v1/notifications", ADMIN).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(item -> KALMAR_MANAGER.equals(item.getString("recipient")))
        .mapToLong(item -> item.getLong("id")).findFirst().orElseThrow();

    assertThat(http.get("/api/v1/alerts/" + kalmarAlert, PROVBY).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/alerts/" + provbyAlert, KALMAR).status()).isEqualTo(404);
    assertThat(http.postJson("/api/v1/alerts/" + kalmarAlert + "/acknowledge", new JsonObject(), PROVBY_ADMIN)
        .status()).isEqualTo(404);
    assertThat(http.delete("/api/v1/silences/" + kalmarSilence, PROVBY_ADMIN).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/notifications/" + kalmarEmail, PROVBY_ADMIN).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/status?kommun=0880", PROVBY).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/reports?kommun=0880&period=2022-T2", PROVBY).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/reports?kommun=9999&unit=" + KALMAR_UNIT + "&period=2022", PROVBY).status())
        .isEqualTo(404);
    assertThat(http.get("/api/v1/analyses?kommun=0880&indicator=vantetid-daglig-verksamhet"
        + "&orgUnit=daglig-verksamhet&period=2022-T1", PROVBY_ADMIN).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/indicators/vantetid-daglig-verksamhet", PROVBY).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/measurements?orgUnit=" + KALMAR_UNIT, PROVBY).status())
        .as("as unknown as a unit that does not exist").isEqualTo(422);

    assertThat(http.get("/api/v1/alerts/" + kalmarAlert, KALMAR).json().getValue("acknowledgedAt")).isNull();
    assertThat(http.get("/api/v1/silences", ADMIN).json().getInteger("count")).as("still active").isEqualTo(1);
    assertThat(http.get("/api/v1/notifications/" + kalmarEmail, ADMIN).status()).isEqualTo(200);
  }

  @Test
  void theServicesRoleSeesNothingWithoutTheKommunSettingAndCannotInsert() throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); Statement sql = connection.createStatement()) {
      sql.execute("SET ROLE indikatorvakt_service");
      for (String table : TABLES) {
        assertThat(kommuner(sql, table)).as(table + " without the setting").isEmpty();
      }
      assertThat(sql.executeUpdate("UPDATE alert SET reminders = reminders + 1")).isZero();
      assertThatThrownBy(() -> sql.execute("INSERT INTO alert_series (kommun, indicator_id, org_unit_id) "
          + "VALUES ('0880', '" + INDICATOR + "', 'familjeratten')"))
          .as("no insert without the setting").hasMessageContaining("row-level security");
      for (Map.Entry<String, String> row : LATER_TABLE_ROWS.entrySet()) {
        assertThatThrownBy(() -> sql.execute(row.getValue().formatted("9999")))
            .as("no insert into " + row.getKey() + " without the setting").hasMessageContaining("row-level security");
      }
      assertThat(sql.executeUpdate("UPDATE catalog_rejudge SET rejudged = 1")).isZero();

      sql.execute("SELECT set_config('indikatorvakt.kommuner', '9999', false)");
      for (String table : List.of("measurement", "alert_series", "alert", "alert_event", "outbox", "assessment",
          "catalog_rejudge", "missing_targets_list")) {
        assertThat(kommuner(sql, table)).as(table + " with Provby's setting").containsExactly("9999");
      }
      assertThat(sql.executeUpdate("UPDATE missing_targets_list SET missing = 1")).as("only Provby's").isEqualTo(1);
      for (Map.Entry<String, String> row : LATER_TABLE_ROWS.entrySet()) {
        assertThatThrownBy(() -> sql.execute(row.getValue().formatted("0880")))
            .as("a row of " + row.getKey() + " for a kommun the transaction does not name")
            .hasMessageContaining("row-level security");
      }
      assertThat(sql.executeUpdate("UPDATE silence SET reason = 'ändrad'")).as("Kalmar's silence untouched").isZero();
      assertThatThrownBy(() -> sql.execute("INSERT INTO alert_series (kommun, indicator_id, org_unit_id) "
          + "VALUES ('0880', '" + INDICATOR + "', 'familjeratten')"))
          .as("a row of a kommun the transaction does not name").hasMessageContaining("row-level security");

      sql.execute("SELECT set_config('indikatorvakt.kommuner', '0880,9999', false)");
      assertThat(kommuner(sql, "alert")).containsExactly("0880", "9999");
    }
  }

  @Test
  void grafanasReaderRunsEveryDashboardQueryAndSeesEveryKommunsBedomningarThroughViewsThatCheckTheReader() throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); Statement sql = connection.createStatement()) {
      try (ResultSet views = sql.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON "
          + "n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'v' AND NOT coalesce("
          + "'security_invoker=true' = ANY (c.reloptions), false)")) {
        assertThat(views.next()).as("a view that reads with its owner's rights instead of its reader's").isFalse();
      }
      sql.execute("SET ROLE indikatorvakt_reader");
      assertThat(kommuner(sql, "grafana_assessment")).containsExactly("0880", "9999");
      assertThat(kommuner(sql, "grafana_measurement")).containsExactly("0880", "9999");
      assertThatThrownBy(() -> sql.executeQuery("SELECT kommun FROM missing_targets_list"))
          .as("the yearly decisions name the catalog owner's address").hasMessageContaining("permission denied");

      Map<String, String> variables = Map.of("kommun", "0880", "indikator", INDICATOR, "enhet", KALMAR_UNIT,
          "kon", "T", "instans", ".*");
      Map<String, Integer> panelRows = new java.util.TreeMap<>();
      for (GrafanaDashboards.Query q : GrafanaDashboards.queries()) {
        if (q.promql()) {
          continue;
        }
        String query = GrafanaDashboards.sqlMacros(q.text(), Instant.parse("2015-01-01T00:00:00Z"),
            Instant.parse("2030-01-01T00:00:00Z"), variables);
        try (ResultSet result = sql.executeQuery(query)) {
          int count = 0;
          while (result.next()) {
            count++;
          }
          panelRows.put(q.where(), count);
        } catch (SQLException e) {
          throw new AssertionError(q.where() + " as Grafana's reader: " + e.getMessage(), e);
        }
      }
      assertThat(panelRows).as("Kalmar's bedömning on the overview, read as Grafana's reader")
          .hasEntrySatisfying(panelRows.keySet().stream().filter(k -> k.contains("Nämndens bedömningar"))
              .findFirst().orElseThrow(), count -> assertThat(count).isPositive());
    }
  }

  @Test
  void eachKommunsAdministratorReadsItsOwnBedomningar() {
    Http.Response own = http.get("/api/v1/assessments?kommun=9999&goal=provby-arbetsmiljo&period=2022",
        PROVBY_ADMIN);
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(own.json().getInteger("count")).isEqualTo(1);
    assertThat(values(http.get("/api/v1/status", PROVBY), "goals", "id")).containsExactly("provby-arbetsmiljo");
    JsonObject goal = http.get("/api/v1/status", PROVBY).json().getJsonArray("goals").getJsonObject(0);
    assertThat(goal.getJsonObject("assessment")).as("the bedömning beside the goal in /status").isNotNull();
  }

  private static Http.Response assessment(String[] key, String kommun, String goal, String period) {
    return http.postJson("/api/v1/assessments", new JsonObject().put("kommun", kommun).put("goal", goal)
        .put("period", period).put("verdict", "partly-met").put("motivation", "Delvis, enligt nämnden.")
        .put("assessedBy", "Socialnämnden"), key);
  }

  private static List<String> kommuner(Statement sql, String table) throws SQLException {
    try (ResultSet rows = sql.executeQuery("SELECT DISTINCT kommun FROM " + table + " ORDER BY kommun")) {
      List<String> out = new ArrayList<>();
      while (rows.next()) {
        out.add(rows.getString(1));
      }
      return out;
    }
  }

  private static List<Object> values(Http.Response response, String list, String field) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonArray items = response.json().getJsonArray(list);
    return items.stream().map(item -> ((JsonObject) item).getValue(field)).map(v -> v instanceof Integer i
        ? (Object) i.longValue() : v).toList();
  }

  private static Http.Response measurement(String[] key, String indicator, String unit, String period, double v) {
    return http.postJson("/api/v1/measurements", new JsonObject().put("indicator", indicator).put("orgUnit", unit)
        .put("period", period).put("value", v), key);
  }

  private static JsonObject stored(String[] key, String unit, double value) {
    Http.Response answer = measurement(key, INDICATOR, unit, "2022-10-04", value);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().getJsonArray("items").getJsonObject(0);
  }

  private static long onlyAlertId(String[] key, String unit) {
    JsonArray items = http.get("/api/v1/alerts?orgUnit=" + unit, key).json().getJsonArray("items");
    assertThat(items).hasSize(1);
    return items.getJsonObject(0).getLong("id");
  }

  private static List<MimeMessage> to(String recipient) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
      try {
        return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
            .anyMatch(address -> address.toString().contains(recipient));
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  /** The plain-text part a manager reads. */
  private static String text(MimeMessage message) throws Exception {
    Object content = message.getContent();
    if (content instanceof Multipart parts) {
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart part = parts.getBodyPart(i);
        if (part.isMimeType("text/plain")) {
          return (String) part.getContent();
        }
      }
    }
    return String.valueOf(content);
  }

  /** The shipped config, Provby's folder beside Kalmar's, and Provby's two keys. */
  private static Path configWithProvby() {
    Path dir = ShippedConfig.copy("kommun-isolation-");
    Path provby = Path.of("src/test/resources/kommun/9999-provby");
    try (Stream<Path> files = Files.walk(provby)) {
      for (Path file : files.toList()) {
        Path target = dir.resolve("kommuner/9999-provby").resolve(provby.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
      Path settings = dir.resolve("application.yaml");
      String yaml = Files.readString(settings, StandardCharsets.UTF_8)
          .replace("  sourceKeys:\n", "  sourceKeys:\n"
              + "    - { name: provby, source: Provsystem, kommun: \"9999\", sha256: "
              + ApiKeys.sha256(PROVBY_SOURCE_KEY) + " }\n")
          .replace("  adminKeys:\n", "  adminKeys:\n"
              + "    - { name: provby-admin, kommuner: [\"9999\"], sha256: " + ApiKeys.sha256(PROVBY_ADMIN_KEY)
              + " }\n");
      Files.writeString(settings, yaml, StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
