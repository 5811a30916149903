package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The alert lifecycle over real HTTP and PostgreSQL with the shipped Kalmar catalog, on 5 October 2022 (tertial 3
 * has begun): Kalmar's väntetid till daglig verksamhet 175 → 134 mot mål ≤ 90, values hovering on the line,
 * revisions, the acknowledgement link, silences, the status and the audit trail. The scheduler is slowed down here
 * (its work is AlertSchedulerTest's), so nothing happens that a request did not cause.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertLifecycleTest {
  private static final Instant NOW = Instant.parse("2022-10-05T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String BASE = "http://localhost:8080";

  private static DatabaseUrl database;
  private static TestService service;
  private static AlertApi api;

  @BeforeAll
  static void start() {
    database = TestDatabases.create();
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_ALERTING_SCHEDULER_INTERVAL", "PT1H");
    service = TestService.start(env, CLOCK);
    api = new AlertApi(service.apiPort(), database);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    TestDatabases.drop(database);
  }

  @Test
  @Order(1)
  void kalmarsWaitingTimeFiresOnceAndItsHistoryShowsEveryChange() {
    assertThat(api.post(AlertApi.VANTETID, "daglig-verksamhet", "2022-T1", 175).status()).isEqualTo(201);
    JsonObject fired = api.onlyAlert(AlertApi.VANTETID, "daglig-verksamhet");
    assertThat(fired.getString("state")).isEqualTo("firing");
    assertThat(fired.getString("severity")).isEqualTo("critical");
    assertThat(fired.getDouble("value")).isEqualTo(175.0);
    assertThat(fired.getString("target")).isEqualTo("≤ 90 dagar");
    assertThat(fired.getJsonObject("recipient").getString("email"))
        .isEqualTo("enhetschef.daglig-verksamhet@kalmar.example");

    assertThat(api.post(AlertApi.VANTETID, "daglig-verksamhet", "2022-T2", 134).status()).isEqualTo(201);
    JsonObject still = api.onlyAlert(AlertApi.VANTETID, "daglig-verksamhet");
    assertThat(still.getLong("id")).isEqualTo(fired.getLong("id"));
    assertThat(still.getString("period")).isEqualTo("2022-T2");
    assertThat(still.getDouble("value")).isEqualTo(134.0);
    assertThat(still.getInteger("breachStreak")).isEqualTo(2);

    assertThat(api.post(AlertApi.VANTETID, "daglig-verksamhet", "2022-T3", 84).status()).isEqualTo(201);
    long id = fired.getLong("id");
    JsonObject history = api.alert(id);
    assertThat(history.getString("state")).isEqualTo("resolved");
    JsonArray events = history.getJsonArray("events");
    assertThat(events).hasSize(2);
    assertThat(events.getJsonObject(0).getString("fromState")).isEqualTo("inactive");
    assertThat(events.getJsonObject(0).getString("toState")).isEqualTo("firing");
    assertThat(events.getJsonObject(0).getString("cause")).isEqualTo("breach");
    assertThat(events.getJsonObject(0).getString("actor")).isEqualTo("source:Utvecklingsnyckel");
    assertThat(events.getJsonObject(0).getJsonObject("details").getDouble("value")).isEqualTo(175.0);
    assertThat(events.getJsonObject(1).getString("toState")).isEqualTo("resolved");
    assertThat(events.getJsonObject(1).getString("cause")).isEqualTo("recovered");
    assertThat(api.outbox(id)).extracting(row -> row.get("dedupe_key"))
        .containsExactly("alert:" + id + ":firing:critical",
            "alert:" + id + ":resolved:enhetschef.daglig-verksamhet@kalmar.example");
    assertThat(api.outbox(id)).allSatisfy(row ->
        assertThat(row.get("recipient")).isEqualTo("enhetschef.daglig-verksamhet@kalmar.example"));
  }

  @Test
  @Order(2)
  void aValueHoveringOnTheTargetFiresOnceInsteadOfAtEveryCrossing() {
    api.post(AlertApi.VANTETID, "gruppbostader-lss", "2022-T1", 95);
    api.post(AlertApi.VANTETID, "gruppbostader-lss", "2022-T2", 89);
    api.post(AlertApi.VANTETID, "gruppbostader-lss", "2022-T3", 91);

    JsonObject alert = api.onlyAlert(AlertApi.VANTETID, "gruppbostader-lss");
    assertThat(alert.getString("state")).as("89 is uppfyllt, but not by the margin of 5 dagar").isEqualTo("firing");
    assertThat(alert.getString("severity")).isEqualTo("warning");
    assertThat(api.events(alert.getLong("id"), "transition")).isEqualTo(1);
    assertThat(api.outbox(alert.getLong("id"))).hasSize(1);
  }

  @Test
  @Order(3)
  void aRevisionThatRemovesTheBreachWaitsToSettleBeforeItIsJudged() {
    api.post(AlertApi.VANTETID, "personlig-assistans", "2022-T1", 130);
    long id = api.onlyAlert(AlertApi.VANTETID, "personlig-assistans").getLong("id");

    assertThat(api.post(AlertApi.VANTETID, "personlig-assistans", "2022-T1", 88).status()).isEqualTo(201);

    JsonObject alert = api.alert(id);
    assertThat(alert.getString("state")).as("a revised period is judged once it has settled, by the scheduler")
        .isEqualTo("firing");
    assertThat(api.db.count("SELECT count(*) FROM alert WHERE id = ? AND settle_until = ?", id,
        java.time.OffsetDateTime.ofInstant(NOW.plus(AlertStateMachine.SETTLING), ZoneOffset.UTC))).isEqualTo(1);
    assertThat(api.outbox(id)).extracting(row -> row.get("kind")).containsExactly("firing");
  }

  @Test
  @Order(4)
  void theLinkPageShowsTheAlertAndChangesNothingUntilItsFormIsPosted() {
    api.post(AlertApi.VANTETID, "servicebostader-lss", "2022-T1", 130);
    long id = api.onlyAlert(AlertApi.VANTETID, "servicebostader-lss").getLong("id");
    String manager = "enhetschef.servicebostad-vasallgatan@kalmar.example";
    String token = links(CLOCK).token(id, manager);
    String page = "/api/v1/alerts/" + id + "/acknowledge?token=" + token;

    for (int scan = 0; scan < 3; scan++) {
      Http.Response shown = api.http.get(page, "Accept", "text/html");
      assertThat(shown.status()).isEqualTo(200);
      assertThat(shown.header("Content-Type")).startsWith("text/html");
      assertThat(shown.header("Cache-Control")).isEqualTo("no-store");
      assertThat(shown.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(shown.header("Content-Security-Policy")).contains("default-src 'none'");
      assertThat(shown.body()).contains("<html lang=\"sv\">", "Kvittera larm", "Jag hanterar detta",
          "Väntetid till daglig verksamhet enligt LSS (dagar)", "130 dagar", "≤ 90 dagar", "Ej uppfyllt",
          "tertial 1 2022", "name=\"token\" value=\"" + token + "\"");
    }
    assertThat(api.alert(id).getValue("acknowledgement")).as("fetching the link acknowledges nothing").isNull();
    assertThat(api.events(id, "acknowledgement")).isZero();

    Http.Response done = api.http.post("/api/v1/alerts/" + id + "/acknowledge", "application/x-www-form-urlencoded",
        "token=" + token + "&comment=" + form("Vi har tagit in två vikarier & ser över <kön>."), "Accept", "text/html");
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body()).contains("Tack – larmet är kvitterat", "Påminnelser och eskalering har stoppats");

    JsonObject acknowledged = api.alert(id);
    JsonObject ack = acknowledged.getJsonObject("acknowledgement");
    assertThat(ack.getString("by")).isEqualTo("link:" + manager);
    assertThat(ack.getString("comment")).isEqualTo("Vi har tagit in två vikarier & ser över <kön>.");
    JsonObject event = acknowledged.getJsonArray("events").getJsonObject(1);
    assertThat(event.getString("kind")).isEqualTo("acknowledgement");
    assertThat(event.getString("cause")).isEqualTo("acknowledged-by-link");
    assertThat(event.getJsonObject("details").getString("comment")).contains("vikarier");

    Http.Response again = api.http.get(page, "Accept", "text/html");
    assertThat(again.body()).contains("Larmet är redan kvitterat", "Kvitterat").doesNotContain("<form");
    Http.Response twice = api.http.post("/api/v1/alerts/" + id + "/acknowledge",
        "application/x-www-form-urlencoded", "token=" + token + "&comment=igen");
    assertThat(twice.status()).isEqualTo(200);
    assertThat(api.events(id, "acknowledgement")).as("acknowledging twice records it once").isEqualTo(1);
  }

  @Test
  @Order(5)
  void invalidOrExpiredLinksAreRefusedWithAPageInSwedish() {
    api.post(AlertApi.VANTETID, "boendestod-socialpsykiatri", "2022-T1", 130);
    long id = api.onlyAlert(AlertApi.VANTETID, "boendestod-socialpsykiatri").getLong("id");
    String manager = "enhetschef.boendestod-socialpsykiatri@kalmar.example";
    String good = links(CLOCK).token(id, manager);
    String forged = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
    String expired = links(Clock.fixed(NOW.minus(Duration.ofDays(15)), ZoneOffset.UTC)).token(id, manager);

    Http.Response invalid = api.http.get("/api/v1/alerts/" + id + "/acknowledge?token=" + forged,
        "Accept", "text/html");
    assertThat(invalid.status()).isEqualTo(403);
    assertThat(invalid.body()).contains("Länken fungerar inte", "Länken är ogiltig");
    Http.Response old = api.http.get("/api/v1/alerts/" + id + "/acknowledge?token=" + expired, "Accept", "text/html");
    assertThat(old.status()).isEqualTo(403);
    assertThat(old.body()).contains("Länken har gått ut", "14 dagar");
    Http.Response apiClient = api.http.get("/api/v1/alerts/" + id + "/acknowledge?token=" + forged,
        "Accept", "application/json");
    assertThat(apiClient.status()).isEqualTo(403);
    assertThat(apiClient.header("Content-Type")).startsWith("application/problem+json");
    Http.Response otherAlert = api.http.get("/api/v1/alerts/" + (id + 1000) + "/acknowledge?token=" + good,
        "Accept", "text/html");
    assertThat(otherAlert.status()).as("a token is bound to its alert").isEqualTo(403);

    Http.Response posted = api.http.post("/api/v1/alerts/" + id + "/acknowledge",
        "application/x-www-form-urlencoded", "token=" + expired + "&comment=x");
    assertThat(posted.status()).isEqualTo(403);
    assertThat(api.alert(id).getValue("acknowledgement")).isNull();
  }

  @Test
  @Order(6)
  void acknowledgingByTheApiNeedsAnAdminKeyAndIsRecordedOnce() {
    api.post(AlertApi.VANTETID, "myndighet-funktionsstod-vuxen", "2022-T1", 130);
    long id = api.onlyAlert(AlertApi.VANTETID, "myndighet-funktionsstod-vuxen").getLong("id");
    String path = "/api/v1/alerts/" + id + "/acknowledge";

    assertThat(api.http.postJson(path, new JsonObject().put("comment", "x"), AlertApi.SOURCE).status())
        .isEqualTo(403);
    assertThat(api.http.postJson(path, new JsonObject().put("comment", "x")).status()).isEqualTo(401);
    Http.Response personnummer = api.http.postJson(path,
        new JsonObject().put("comment", "Gäller 19121212-1212"), AlertApi.ADMIN);
    assertThat(personnummer.status()).isEqualTo(422);
    assertThat(personnummer.body()).doesNotContain("19121212");

    Http.Response acknowledged = api.http.postJson(path, new JsonObject().put("comment", "Åtgärdsplan tas fram"),
        AlertApi.ADMIN);
    assertThat(acknowledged.status()).isEqualTo(200);
    assertThat(acknowledged.json().getJsonObject("acknowledgement").getString("by"))
        .isEqualTo("admin:development-admin");
    assertThat(api.http.postJson(path, new JsonObject(), AlertApi.ADMIN).status()).isEqualTo(200);
    assertThat(api.events(id, "acknowledgement")).isEqualTo(1);

    api.post(AlertApi.VANTETID, "myndighet-funktionsstod-vuxen", "2022-T2", 60);
    assertThat(api.alert(id).getString("state")).isEqualTo("resolved");
    api.post(AlertApi.VANTETID, "myndighet-funktionsstod-vuxen", "2022-T3", 130);
    long next = api.alerts(AlertApi.VANTETID, "myndighet-funktionsstod-vuxen").get(0).getLong("id");
    assertThat(next).as("a new breach after resolving is a new alert").isNotEqualTo(id);
    Http.Response resolved = api.http.postJson("/api/v1/alerts/" + id + "/acknowledge", new JsonObject(),
        AlertApi.ADMIN);
    assertThat(resolved.status()).as("a resolved alert cannot be taken").isEqualTo(409);
  }

  @Test
  @Order(7)
  void silencedAlertsChangeStateAndAreRecordedButEmailNobody() {
    JsonObject silence = new JsonObject().put("indicator", AlertApi.VANTETID).put("orgUnit", "vo-vuxen")
        .put("endsAt", NOW.plus(Duration.ofDays(7)).toString())
        .put("reason", "Omorganisation av verksamhetsområde vuxen").put("author", "Systemförvaltare SOC");
    assertThat(api.http.postJson("/api/v1/silences", silence, AlertApi.SOURCE).status()).isEqualTo(403);
    Http.Response created = api.http.postJson("/api/v1/silences", silence, AlertApi.ADMIN);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long silenceId = created.json().getLong("id");
    assertThat(created.header("Location")).isEqualTo("/api/v1/silences/" + silenceId);
    assertThat(created.json().getString("state")).isEqualTo("active");

    api.post(AlertApi.VANTETID, "mottagning-vuxen", "2022-T1", 130);
    JsonObject alert = api.onlyAlert(AlertApi.VANTETID, "mottagning-vuxen");
    assertThat(alert.getString("state")).isEqualTo("firing");
    api.post(AlertApi.VANTETID, "mottagning-vuxen", "2022-T2", 70);
    JsonObject history = api.alert(alert.getLong("id"));
    assertThat(history.getString("state")).isEqualTo("resolved");
    assertThat(history.getJsonArray("events")).hasSize(2).allSatisfy(e -> {
      assertThat(((JsonObject) e).getBoolean("silenced")).isTrue();
      assertThat(((JsonObject) e).getLong("silenceId")).isEqualTo(silenceId);
    });
    assertThat(api.outbox(alert.getLong("id"))).as("silenced: no email at all").isEmpty();

    Http.Response listed = api.http.get("/api/v1/silences", AlertApi.ADMIN);
    assertThat(listed.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")))
        .contains(silenceId);
    Http.Response ended = api.http.delete("/api/v1/silences/" + silenceId, AlertApi.ADMIN);
    assertThat(ended.status()).isEqualTo(200);
    assertThat(ended.json().getString("state")).isEqualTo("ended");
    assertThat(ended.json().getString("endedBy")).isEqualTo("admin:development-admin");
    assertThat(api.http.delete("/api/v1/silences/" + silenceId, AlertApi.ADMIN).status()).isEqualTo(200);
    assertThat(api.db.count("SELECT count(*) FROM alert_event WHERE silence_id = ? AND alert_id IS NULL",
        silenceId)).as("created and ended, once each").isEqualTo(2);

    api.post(AlertApi.VANTETID, "missbruk-och-beroende", "2022-T1", 130);
    long after = api.onlyAlert(AlertApi.VANTETID, "missbruk-och-beroende").getLong("id");
    assertThat(api.outbox(after)).as("after the silence ended, alerts email again").hasSize(1);
  }

  @Test
  @Order(8)
  void silencesMustBeLimitedInTimeAndMatchSomething() {
    JsonObject everything = new JsonObject().put("endsAt", NOW.plus(Duration.ofDays(1)).toString())
        .put("reason", "Test").put("author", "Admin");
    Http.Response noMatcher = api.http.postJson("/api/v1/silences", everything, AlertApi.ADMIN);
    assertThat(noMatcher.status()).isEqualTo(422);
    Http.Response tooLong = api.http.postJson("/api/v1/silences", everything.copy().put("orgUnit", "vo-vuxen")
        .put("endsAt", NOW.plus(Duration.ofDays(91)).toString()), AlertApi.ADMIN);
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/endsAt");
    Http.Response unknownUnit = api.http.postJson("/api/v1/silences", everything.copy().put("orgUnit", "finns-inte"),
        AlertApi.ADMIN);
    assertThat(unknownUnit.status()).isEqualTo(422);
    Http.Response noEnd = api.http.postJson("/api/v1/silences", new JsonObject().put("orgUnit", "vo-vuxen")
        .put("reason", "Test").put("author", "Admin"), AlertApi.ADMIN);
    assertThat(noEnd.status()).isEqualTo(422);
  }

  @Test
  @Order(9)
  void alertsCanBeFilteredAndPaged() {
    Http.Response firing = api.http.get("/api/v1/alerts?state=firing&severity=warning,critical", AlertApi.SOURCE);
    assertThat(firing.status()).isEqualTo(200);
    assertThat(firing.json().getJsonArray("items")).isNotEmpty().allSatisfy(a ->
        assertThat(((JsonObject) a).getString("state")).isEqualTo("firing"));

    Http.Response area = api.http.get("/api/v1/alerts?orgUnit=vo-funktionsstod-vuxen", AlertApi.SOURCE);
    assertThat(area.json().getJsonArray("items").stream()
        .map(a -> ((JsonObject) a).getJsonObject("orgUnit").getString("id")))
        .as("a verksamhetsområde sees its units' alerts").contains("daglig-verksamhet", "gruppbostader-lss");

    Http.Response first = api.http.get("/api/v1/alerts?limit=2", AlertApi.SOURCE);
    assertThat(first.json().getJsonArray("items")).hasSize(2);
    String next = first.json().getString("next");
    Http.Response second = api.http.get(next, AlertApi.SOURCE);
    assertThat(second.json().getJsonArray("items").getJsonObject(0).getLong("id"))
        .isLessThan(first.json().getJsonArray("items").getJsonObject(1).getLong("id"));

    assertThat(api.http.get("/api/v1/alerts?state=exploded", AlertApi.SOURCE).status()).isIn(400, 422);
    assertThat(api.http.get("/api/v1/alerts?orgUnit=finns-inte", AlertApi.SOURCE).status()).isEqualTo(422);
    assertThat(api.http.get("/api/v1/alerts").status()).isEqualTo(401);
    assertThat(api.http.get("/api/v1/alerts/999999", AlertApi.SOURCE).status()).isEqualTo(404);
    assertThat(api.http.get("/api/v1/alerts/abc", AlertApi.SOURCE).status()).isIn(400, 404);
  }

  @Test
  @Order(10)
  void statusShowsTheLatestResultOfEverySeriesAndGoal() {
    assertThat(api.http.get("/api/v1/status").status()).isEqualTo(401);
    Http.Response status = api.http.get("/api/v1/status?indicator=" + AlertApi.VANTETID, AlertApi.SOURCE);
    assertThat(status.status()).isEqualTo(200);
    List<JsonObject> series = status.json().getJsonArray("series").stream().map(JsonObject.class::cast).toList();
    JsonObject daglig = series.stream().filter(s -> s.getString("orgUnit").equals("daglig-verksamhet")).findFirst()
        .orElseThrow();
    assertThat(daglig.getString("period")).isEqualTo("2022-T3");
    assertThat(daglig.getString("result")).isEqualTo("met");
    assertThat(daglig.getValue("alert")).isNull();
    JsonObject grupp = series.stream().filter(s -> s.getString("orgUnit").equals("gruppbostader-lss")).findFirst()
        .orElseThrow();
    assertThat(grupp.getJsonObject("alert").getString("state")).isEqualTo("firing");
    JsonObject goal = status.json().getJsonArray("goals").stream().map(JsonObject.class::cast)
        .filter(g -> g.getString("id").equals("uo-skalig-vantetid-daglig-verksamhet")).findFirst().orElseThrow();
    assertThat(goal.getString("result")).as("some series met, some not").isEqualTo("partly-met");
  }

  @Test
  @Order(11)
  void theAuditTrailCannotBeChangedOrDeleted() {
    assertThat(api.db.count("SELECT count(*) FROM alert_event")).isPositive();
    assertThatThrownBy(() -> api.db.execute("UPDATE alert_event SET actor = 'someone else'"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> api.db.execute("DELETE FROM alert_event")).hasMessageContaining("append-only");
    assertThatThrownBy(() -> api.db.execute("TRUNCATE alert_event")).hasMessageContaining("append-only");
  }

  private static AckLinks links(Clock clock) {
    return new AckLinks(BASE, AlertingSettings.DEVELOPMENT_ACK_SECRET, Duration.ofDays(14), clock);
  }

  private static String form(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
