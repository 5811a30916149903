package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.ShippedConfig;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;
import se.indikatorvakt.support.TestClock;

/**
 * The time-driven part, with a clock the test moves: days pass in milliseconds and the scheduler ticks every
 * 100 ms. Reminders and escalation up Kalmar's organisation, "rapportering saknas" to the data owner, the end of a
 * silence, and a day-level breach that must last before it fires.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertSchedulerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String FORHANDSBEDOMNINGAR = "forhandsbedomningar-over-14-dagar";
  private static final TestClock CLOCK = TestClock.stoppedAt(Instant.parse("2022-05-20T08:00:00Z"));

  private static AlertApi api;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(env -> {
    env.put("INDIKATORVAKT_CONFIG_DIR", configWithLastingDayBreach().toString());
    env.put("INDIKATORVAKT_ALERTING_SCHEDULER_INTERVAL", "PT0.1S");
  }).withClock(CLOCK);

  @BeforeAll
  static void start() {
    api = new AlertApi(SERVICE.apiPort(), SERVICE.database());
  }

  @Test
  @Order(1)
  void escalatesToTheVerksamhetschefWhenUnacknowledgedForSevenDaysAndStopsWhenAcknowledged() {
    api.post(AlertApi.VANTETID, "daglig-verksamhet", "2022-T1", 134);
    api.post(AlertApi.VANTETID, "atv", "2022-T1", 130);
    long id = api.onlyAlert(AlertApi.VANTETID, "daglig-verksamhet").getLong("id");
    long witness = api.onlyAlert(AlertApi.VANTETID, "atv").getLong("id");
    assertThat(recipients(id)).containsExactly("firing:critical enhetschef.daglig-verksamhet@kalmar.example");

    CLOCK.advance(Duration.ofDays(3));
    awaitMail(id, "reminder:1");
    CLOCK.advance(Duration.ofDays(4));
    awaitMail(id, "escalation:1");
    assertThat(recipients(id)).containsExactly(
        "firing:critical enhetschef.daglig-verksamhet@kalmar.example",
        "reminder:1 enhetschef.daglig-verksamhet@kalmar.example",
        "escalation:1 verksamhetschef.funktionsstod-vuxen@kalmar.example");
    JsonObject facts = new JsonObject((String) api.outbox(id).get(2).get("facts"));
    assertThat(facts.getJsonObject("escalatedFrom").getString("email"))
        .isEqualTo("enhetschef.daglig-verksamhet@kalmar.example");
    assertThat(facts.getString("escalatedAfter")).isEqualTo("PT168H");

    JsonObject escalated = api.alert(id);
    assertThat(escalated.getInteger("escalationLevel")).isEqualTo(1);
    assertThat(escalated.getJsonObject("recipient").getString("role")).isEqualTo("Verksamhetschef funktionsstöd vuxen");
    assertThat(kinds(escalated.getJsonArray("events"))).containsExactly("transition", "reminder", "escalation");

    CLOCK.advance(Duration.ofDays(7));
    awaitMail(id, "escalation:2");
    assertThat(api.alert(id).getJsonObject("recipient").getString("email"))
        .as("the top of the tree, the socialchef in office that day").isEqualTo("socialchef@kalmar.example");

    Http.Response acknowledged = api.http.postJson("/api/v1/alerts/" + id + "/acknowledge",
        new JsonObject().put("comment", "Handlingsplan beslutad"), AlertApi.ADMIN);
    assertThat(acknowledged.status()).isEqualTo(200);
    int mails = api.outbox(id).size();
    for (int round = 0; round < 2; round++) {
      int witnessed = api.outbox(witness).size();
      CLOCK.advance(Duration.ofDays(7));
      Http.await("the scheduler to get on with another alert", WAIT, () -> api.outbox(witness).size() > witnessed);
    }
    assertThat(api.outbox(id)).as("no reminders or escalations after the acknowledgement").hasSize(mails);
    assertThat(kinds(api.alert(id).getJsonArray("events")).stream().filter(kind -> !kind.equals("notice-dropped")))
        .as("a notice still queued when it was acknowledged is dropped, nothing else happens").endsWith(
            "acknowledgement");
  }

  @Test
  @Order(2)
  void anUnreportedPeriodRaisesRapporteringSaknasToTheDataOwnerUntilItIsReported() {
    CLOCK.set(Instant.parse("2022-09-17T08:00:00Z"));
    assertThat(api.post(AlertApi.VANTETID, "verksamhetsutveckling", "2022-T1", 80).status()).isEqualTo(201);

    Http.await("rapportering saknas for tertial 2", WAIT, () -> missingReports("verksamhetsutveckling").size() == 1);
    JsonObject missing = missingReports("verksamhetsutveckling").get(0);
    assertThat(missing.getString("period")).isEqualTo("2022-T2");
    assertThat(missing.getString("severity")).isEqualTo("missing-report");
    long id = missing.getLong("id");
    Http.await("the email to the data owner", WAIT, () -> !api.outbox(id).isEmpty());
    assertThat(recipients(id)).containsExactly("missing-report kvalitetsledare.soc@kalmar.example");
    assertThat(missingReports("daglig-verksamhet")).as("every unit that reported tertial 1").hasSize(1);

    assertThat(api.post(AlertApi.VANTETID, "verksamhetsutveckling", "2022-T2", 82).status()).isEqualTo(201);
    JsonObject reported = api.alert(id);
    assertThat(reported.getString("state")).isEqualTo("resolved");
    JsonObject event = reported.getJsonArray("events").getJsonObject(1);
    assertThat(event.getString("cause")).isEqualTo("reported");
    assertThat(event.getString("actor")).isEqualTo("source:Utvecklingsnyckel");
    assertThat(missingReports("verksamhetsutveckling")).as("one alert per missing period, however many ticks")
        .hasSize(1);
  }

  @Test
  @Order(3)
  void whenASilenceExpiresItIsRecordedAndTheAlertItHidIsAnnounced() {
    Http.Response silence = api.http.postJson("/api/v1/silences", new JsonObject().put("orgUnit", "familjeratten")
        .put("endsAt", CLOCK.instant().plus(Duration.ofDays(1)).toString())
        .put("reason", "Byte av verksamhetssystem").put("author", "Systemförvaltare SOC"), AlertApi.ADMIN);
    assertThat(silence.status()).isEqualTo(201);
    long silenceId = silence.json().getLong("id");
    api.post(AlertApi.VANTETID, "familjeratten", "2022-T2", 130);
    long id = api.onlyAlert(AlertApi.VANTETID, "familjeratten").getLong("id");
    assertThat(api.outbox(id)).isEmpty();

    CLOCK.advance(Duration.ofDays(2));
    Http.await("the first notice after the silence", WAIT, () -> !api.outbox(id).isEmpty());
    assertThat(recipients(id)).containsExactly("firing:critical enhetschef.familjeratten@kalmar.example");
    assertThat(kinds(api.alert(id).getJsonArray("events"))).containsExactly("transition", "first-notice");
    assertThat(api.db.rows("SELECT ended_by FROM silence WHERE id = ?", silenceId).get(0).get("ended_by"))
        .isEqualTo("scheduler");
    assertThat(api.db.count("SELECT count(*) FROM alert_event WHERE silence_id = ? AND kind = 'silence-expired'",
        silenceId)).isEqualTo(1);
  }

  @Test
  @Order(4)
  void aDayLevelBreachFiresOnlyOnceItHasLastedTwoDays() {
    String today = CLOCK.instant().toString().substring(0, 10);
    assertThat(api.post(FORHANDSBEDOMNINGAR, "myndighet-barn-och-unga", today, 3).status()).isEqualTo(201);
    JsonObject pending = api.onlyAlert(FORHANDSBEDOMNINGAR, "myndighet-barn-och-unga");
    assertThat(pending.getString("state")).isEqualTo("pending");
    assertThat(api.outbox(pending.getLong("id"))).isEmpty();

    CLOCK.advance(Duration.ofDays(2));
    Http.await("the lasting breach to fire", WAIT,
        () -> api.alert(pending.getLong("id")).getString("state").equals("firing"));
    JsonObject fired = api.alert(pending.getLong("id"));
    assertThat(fired.getJsonArray("events").getJsonObject(1).getString("cause")).isEqualTo("breach-lasted");
    assertThat(fired.getJsonArray("events").getJsonObject(1).getString("actor")).isEqualTo("scheduler");
    Http.await("its email", WAIT, () -> !api.outbox(pending.getLong("id")).isEmpty());
  }

  @Test
  @Order(5)
  void theScrapeShowsHowLongTheTicksTake() {
    Http.await("ticks counted on /metrics", WAIT, () -> tickCount() >= 2);
    double counted = tickCount();
    Http.await("every further tick counted", WAIT, () -> tickCount() > counted);
    assertThat(scraped("indikatorvakt_scheduler_tick_duration_seconds_sum")).isPositive();
  }

  private static double tickCount() {
    return scraped("indikatorvakt_scheduler_tick_duration_seconds_count");
  }

  private static double scraped(String sample) {
    return new Http(SERVICE.managementPort()).get("/metrics").body().lines()
        .filter(line -> line.startsWith(sample + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1))).findFirst().orElse(0);
  }

  private static List<JsonObject> missingReports(String unit) {
    return api.http.get("/api/v1/alerts?severity=missing-report&orgUnit=" + unit, AlertApi.SOURCE).json()
        .getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(a -> a.getJsonObject("orgUnit").getString("id").equals(unit)).toList();
  }

  private static void awaitMail(long alertId, String key) {
    Http.await("alert " + alertId + " " + key, WAIT,
        () -> api.outbox(alertId).stream().anyMatch(row -> row.get("dedupe_key").equals("alert:" + alertId + ":" + key)));
  }

  private static List<String> recipients(long alertId) {
    return api.outbox(alertId).stream()
        .map(row -> ((String) row.get("dedupe_key")).replaceFirst("^alert:[0-9]+:", "") + " " + row.get("recipient"))
        .toList();
  }

  private static List<String> kinds(JsonArray events) {
    return events.stream().map(e -> ((JsonObject) e).getString("kind")).toList();
  }

  /** The shipped catalog, except that the förhandsbedömning breach must last two days before it fires. */
  private static Path configWithLastingDayBreach() throws IOException {
    Path dir = ShippedConfig.copy("alerting-config-");
    Path national = dir.resolve(ShippedConfig.NATIONAL);
    String indicators = Files.readString(national, StandardCharsets.UTF_8);
    int at = indicators.indexOf("breachDurationBeforeFiring: PT0S", indicators.indexOf("id: " + FORHANDSBEDOMNINGAR));
    Files.writeString(national, indicators.substring(0, at) + "breachDurationBeforeFiring: P2D"
        + indicators.substring(at + "breachDurationBeforeFiring: PT0S".length()), StandardCharsets.UTF_8);
    return dir;
  }
}
