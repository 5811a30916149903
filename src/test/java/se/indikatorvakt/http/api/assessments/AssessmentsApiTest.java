package se.indikatorvakt.http.api.assessments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.PersonalNumbersForTests;
import se.indikatorvakt.support.ServiceExtension;

/**
 * Bedömningar through the API on the shipped catalog, with the bedömningar Kalmar's tertialrapport april 2022 states
 * (000_63e6c9868031b1b7.txt): recorded, kept in every version, shown beside the computed verdict in /status, and bad
 * input refused with nothing stored.
 */
class AssessmentsApiTest {
  /** The day Kalmar's socialnämnd met over the tertialrapport. */
  private static final Instant NOW = Instant.parse("2022-05-24T08:00:00Z");
  private static final String[] ADMIN = {"Authorization", "Bearer dev-indikatorvakt-admin-key"};
  private static final String[] SOURCE = {"Authorization", "Bearer dev-indikatorvakt-local-key"};
  private static final String BY = "Socialnämnden i Kalmar, tertialrapport april 2022";
  /** Rad 171, the Kommentar under "Fordon och transporter" (rad 160), bedömd "Delvis uppfyllt" (rad 166). */
  private static final String FORDON = "I dagsläget körs 87% av förvaltningens bilar på fossilbränslefritt bränsle. "
      + "Detta är en ökning från 2021.";
  /** Rad 457, the Kommentar under "Årsmål 2022 - Långtidssjukskrivning" (rad 446), "Delvis uppfyllt" (rad 452). */
  private static final String LANGTIDSSJUKA = "Jämfört med föregående år har antalet långtidssjukfrånvarande "
      + "medarbetare i förvaltningen minskat med två personer. Den största minskningen i antalet personer står VO "
      + "funktionsstöd för.";

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withDefaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC));

  private static Http http;
  private static ProofDb db;

  @BeforeAll
  static void connect() {
    http = SERVICE.api();
    db = new ProofDb(SERVICE.database());
  }

  @Test
  void aGoalJudgedByBedomningShowsItsMissingThenTheRecordedBedomningAndKeepsEveryVersion() {
    JsonObject missing = goal("fordon-och-transporter");
    assertThat(missing.getString("rule")).isEqualTo("judgement");
    assertThat(missing.getString("result")).isEqualTo("no-assessment");
    assertThat(missing.getString("resultSwedish")).isEqualTo("bedömning saknas");
    assertThat(missing.getValue("assessment")).isNull();

    JsonObject first = goalAssessment("partly-met", FORDON.substring(0, FORDON.indexOf('.') + 1));
    Http.Response recorded = http.postJson("/api/v1/assessments", first, ADMIN);
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(recorded.json().getInteger("version")).isEqualTo(1);
    assertThat(recorded.json().getString("recordedBy")).isEqualTo("admin:development-admin");
    assertThat(recorded.json().getString("at")).isEqualTo(NOW.toString());
    Http.Response second = http.postJson("/api/v1/assessments", goalAssessment("partly-met", FORDON), ADMIN);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json().getInteger("version")).isEqualTo(2);

    JsonObject history = http.get("/api/v1/assessments?kommun=0880&goal=fordon-och-transporter&period=2022-T1",
        SOURCE).json();
    assertThat(history.getInteger("count")).isEqualTo(2);
    assertThat(history.getJsonObject("current").getString("motivation")).isEqualTo(FORDON);
    assertThat(history.getJsonObject("current").getString("orgUnit")).as("the whole nämnd by default")
        .isEqualTo("socialforvaltningen");
    assertThat(history.getJsonArray("items").getJsonObject(1).getString("motivation"))
        .isEqualTo(first.getString("motivation"));

    JsonObject goal = goal("fordon-och-transporter");
    assertThat(goal.getString("result")).isEqualTo("partly-met");
    assertThat(goal.getString("resultSwedish")).isEqualTo("delvis uppfyllt");
    assertThat(goal.getJsonObject("assessment").getString("motivation")).isEqualTo(FORDON);
    assertThat(goal.getJsonObject("assessment").getString("by")).isEqualTo(BY);
    assertThat(goal.getJsonObject("assessment").getInteger("version")).isEqualTo(2);

    assertThatThrownBy(() -> db.execute("UPDATE assessment SET result = 'met'"))
        .hasMessageContaining("keeps every version");
    assertThat(db.count("SELECT count(*) FROM assessment WHERE subject_id = 'fordon-och-transporter'"))
        .isEqualTo(2);
  }

  /**
   * The total fell from 54 to 52 (rad 461), so the rule says uppfyllt; the nämnd said delvis uppfyllt (rad 452). Both
   * are shown, the computed verdict where it always is.
   */
  @Test
  void anIndicatorsBedomningStandsBesideItsComputedVerdictInTheStatus() {
    Http.Response posted = http.postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", "antal-langtidssjukskrivna").put("orgUnit", "socialforvaltningen").put("period", "2022-03")
        .put("value", 52).put("source", "000_63e6c9868031b1b7.txt rad 461"), SOURCE);
    assertThat(posted.status()).as(posted.body()).isEqualTo(201);
    Http.Response recorded = http.postJson("/api/v1/assessments", new JsonObject().put("kommun", "0880")
        .put("indicator", "antal-langtidssjukskrivna").put("orgUnit", "socialforvaltningen").put("period", "2022-03")
        .put("verdict", "partly-met").put("motivation", LANGTIDSSJUKA).put("assessedBy", BY), ADMIN);
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(recorded.json().getString("indicator")).isEqualTo("antal-langtidssjukskrivna");

    JsonObject series = series("antal-langtidssjukskrivna", "socialforvaltningen");
    assertThat(series.getString("result")).as("the computed verdict is not replaced").isEqualTo("met");
    assertThat(series.getJsonObject("assessment")).isNotNull();
    assertThat(series.getJsonObject("assessment").getString("result")).isEqualTo("partly-met");
    assertThat(series.getJsonObject("assessment").getString("resultSwedish")).isEqualTo("delvis uppfyllt");
    assertThat(series.getJsonObject("assessment").getString("motivation")).isEqualTo(LANGTIDSSJUKA);
    assertThat(series.getJsonObject("assessment").getString("period")).isEqualTo("2022-03");

    List<Map<String, Object>> panel = overviewPanelRows();
    assertThat(panel).as("the overview dashboard's panel of bedömningar").anySatisfy(row -> {
      assertThat(row.get("Indikator eller mål")).isEqualTo("antal-langtidssjukskrivna");
      assertThat(row.get("Gäller")).isEqualTo("indikator");
      assertThat(row.get("Beräknat resultat")).isEqualTo("uppfyllt");
      assertThat(row.get("Nämndens bedömning")).isEqualTo("delvis uppfyllt");
      assertThat(row.get("Motivering")).isEqualTo(LANGTIDSSJUKA);
      assertThat(row.get("Bedömd av")).isEqualTo(BY);
    });

    JsonObject arbetsgivare = goal("foredome-som-arbetsgivare");
    assertThat(arbetsgivare.getString("rule")).isEqualTo("all");
    assertThat(arbetsgivare.getValue("assessment")).as("no bedömning of the goal itself").isNull();
    assertThat(arbetsgivare.getString("result")).as("computed from the indicators; the bedömning does not count")
        .isEqualTo("met");
  }

  @Test
  void aPersonnummerInEitherTextIsRefusedNeverStoredNorRepeated() {
    String number = PersonalNumbersForTests.personnummer();
    long before = db.count("SELECT count(*) FROM assessment");
    for (String field : List.of("motivation", "assessedBy")) {
      JsonObject body = goalAssessment("not-met", FORDON).put(field, "Gäller " + number + " och hans chef");
      Http.Response refused = http.postJson("/api/v1/assessments", body, ADMIN);
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.json().getString("type")).endsWith("/invalid-assessment");
      assertThat(pointers(refused)).containsExactly("/" + field);
      assertThat(refused.body()).doesNotContain(number, "hans chef");
    }
    Http.Response samordning = http.postJson("/api/v1/assessments", goalAssessment("not-met",
        "Se " + PersonalNumbersForTests.samordningsnummer()), ADMIN);
    assertThat(samordning.status()).isEqualTo(422);
    assertThat(db.count("SELECT count(*) FROM assessment")).isEqualTo(before);
    assertThat(db.count("SELECT count(*) FROM assessment WHERE motivation LIKE '%121212%' OR assessed_by LIKE "
        + "'%121212%'")).isZero();
  }

  @Test
  void textsAreBoundedAndAVerdictIsOneOfTheThree() {
    Http.Response tooLong = http.postJson("/api/v1/assessments", goalAssessment("met", "x".repeat(4001)), ADMIN);
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(pointers(tooLong)).containsOnly("/motivation");
    Http.Response longBy = http.postJson("/api/v1/assessments", goalAssessment("met", FORDON)
        .put("assessedBy", "y".repeat(201)), ADMIN);
    assertThat(longBy.status()).isEqualTo(422);
    assertThat(pointers(longBy)).containsOnly("/assessedBy");
    Http.Response noTarget = http.postJson("/api/v1/assessments", goalAssessment("no-target", FORDON), ADMIN);
    assertThat(noTarget.status()).isEqualTo(422);
    assertThat(pointers(noTarget)).containsOnly("/verdict");
    Http.Response blank = http.postJson("/api/v1/assessments", goalAssessment("met", "   "), ADMIN);
    assertThat(blank.status()).isEqualTo(422);
    assertThat(pointers(blank)).containsOnly("/motivation");
    assertThat(db.count("SELECT count(*) FROM assessment WHERE result = 'met'")).isZero();
  }

  @Test
  void unknownOrForeignSubjectsAreNamedByFieldAndKommun() {
    assertThat(refusal(goalAssessment("met", FORDON).put("goal", "ingen-sadan-mal")))
        .containsExactly(Map.entry("/goal", "unknown goal"));
    assertThat(refusal(goalAssessment("met", FORDON).put("goal", "eskilstuna-okad-tillit")))
        .containsExactly(Map.entry("/goal", "kommun 0880 (Kalmar kommun) has no such goal"));
    assertThat(refusal(indicatorAssessment("ingen-sadan-indikator", "socialforvaltningen", "2022-T1")))
        .containsExactly(Map.entry("/indicator", "unknown indicator"));
    assertThat(refusal(indicatorAssessment("eskilstuna-inhyrda-konsulter", "socialforvaltningen", "2022-T1")))
        .containsKey("/indicator").extractingByKey("/indicator").asString().contains("kommun 0880");
    assertThat(refusal(goalAssessment("met", FORDON).put("orgUnit", "ingen-sadan-enhet")))
        .containsExactly(Map.entry("/orgUnit", "unknown org unit"));
    assertThat(refusal(goalAssessment("met", FORDON).put("orgUnit", "eskilstuna-socialforvaltningen")))
        .containsExactly(Map.entry("/orgUnit", "kommun 0880 (Kalmar kommun) has no such unit"));
    assertThat(refusal(goalAssessment("met", FORDON).put("kommun", "9999"))).containsKey("/kommun");
    assertThat(refusal(goalAssessment("met", FORDON).put("period", "2022-Q1"))).containsKey("/period")
        .extractingByKey("/period").asString().contains("tertial, year");
    assertThat(refusal(goalAssessment("met", FORDON).put("period", "2022-T3")))
        .containsExactly(Map.entry("/period", "has not begun yet"));
    assertThat(refusal(indicatorAssessment("antal-langtidssjukskrivna", "socialforvaltningen", "2022-T1")))
        .containsKey("/period").extractingByKey("/period").asString().contains("a month like 2022-05");
    assertThat(refusal(goalAssessment("met", FORDON).put("indicator", "antal-langtidssjukskrivna")))
        .containsKey("/goal");

    Http.Response query = http.get("/api/v1/assessments?kommun=0880&goal=eskilstuna-okad-tillit&period=2022-T1",
        SOURCE);
    assertThat(query.status()).isEqualTo(422);
    assertThat(pointers(query)).containsExactly("/query/goal");
    assertThat(http.postJson("/api/v1/assessments", goalAssessment("met", FORDON), SOURCE).status())
        .as("recording needs an administrator's key").isEqualTo(403);
    assertThat(http.postJson("/api/v1/assessments", goalAssessment("met", FORDON)).status()).isEqualTo(401);
    assertThat(db.count("SELECT count(*) FROM assessment WHERE result = 'met'")).isZero();
  }

  @Test
  void administratorsRecordingTheSameBedomningAtOnceEachGetTheirOwnVersion() throws Exception {
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Http.Response>> posted = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        JsonObject body = goalAssessment("partly-met", FORDON + " Version " + i + ".").put("period", "2022-T2");
        posted.add(pool.submit(() -> http.postJson("/api/v1/assessments", body, ADMIN)));
      }
      List<Integer> versions = new ArrayList<>();
      for (Future<Http.Response> answer : posted) {
        Http.Response response = answer.get(30, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        versions.add(response.json().getInteger("version"));
      }
      assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    } finally {
      pool.shutdownNow();
    }
    JsonObject history = http.get("/api/v1/assessments?kommun=0880&goal=fordon-och-transporter&period=2022-T2",
        SOURCE).json();
    assertThat(history.getInteger("count")).isEqualTo(writers);
    assertThat(history.getJsonObject("current").getInteger("version")).isEqualTo(writers);
  }

  /** The SQL of the overview dashboard's panel "Nämndens bedömningar", run as Grafana would for Kalmar. */
  private static List<Map<String, Object>> overviewPanelRows() {
    try {
      JsonObject dashboard = new JsonObject(Files.readString(Path.of("grafana/dashboards/maluppfyllelse-oversikt.json")));
      String sql = dashboard.getJsonArray("panels").stream().map(JsonObject.class::cast)
          .filter(p -> "Nämndens bedömningar".equals(p.getString("title"))).findFirst().orElseThrow()
          .getJsonArray("targets").getJsonObject(0).getString("rawSql").replace("$kommun", "0880");
      return db.rows(sql);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, String> refusal(JsonObject body) {
    Http.Response refused = http.postJson("/api/v1/assessments", body, ADMIN);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    Map<String, String> errors = new java.util.LinkedHashMap<>();
    refused.json().getJsonArray("errors").forEach(e -> errors.put(((JsonObject) e).getString("pointer"),
        ((JsonObject) e).getString("detail")));
    return errors;
  }

  private static List<String> pointers(Http.Response response) {
    return response.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")).toList();
  }

  private static JsonObject goalAssessment(String verdict, String motivation) {
    return new JsonObject().put("kommun", "0880").put("goal", "fordon-och-transporter").put("period", "2022-T1")
        .put("verdict", verdict).put("motivation", motivation).put("assessedBy", BY);
  }

  private static JsonObject indicatorAssessment(String indicator, String unit, String period) {
    return new JsonObject().put("kommun", "0880").put("indicator", indicator).put("orgUnit", unit)
        .put("period", period).put("verdict", "met").put("motivation", FORDON).put("assessedBy", BY);
  }

  private static JsonObject goal(String id) {
    JsonArray goals = http.get("/api/v1/status", SOURCE).json().getJsonArray("goals");
    Optional<JsonObject> found = goals.stream().map(JsonObject.class::cast).filter(g -> id.equals(g.getString("id")))
        .findFirst();
    assertThat(found).as("goal %s in the status", id).isPresent();
    return found.get();
  }

  private static JsonObject series(String indicator, String unit) {
    JsonArray series = http.get("/api/v1/status?indicator=" + indicator, SOURCE).json().getJsonArray("series");
    Optional<JsonObject> found = series.stream().map(JsonObject.class::cast)
        .filter(s -> unit.equals(s.getString("orgUnit")) && "T".equals(s.getString("gender"))).findFirst();
    assertThat(found).as("series %s at %s in the status", indicator, unit).isPresent();
    return found.get();
  }
}
