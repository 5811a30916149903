package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The verdicts the seed documents themselves state (src/test/resources/seed-verdicts.csv, one row per document and
 * line), replayed through the API of the shipped installation: each value is posted to its own kommun's unit, and
 * the verdict in the answer is compared with the document's. This is how a förvaltning would check that the service
 * judges as its nämnd does.
 */
class SeedVerdictReplayTest {
  /** Each kommun's values are posted with its own development key: a source key writes for one kommun. */
  private static final Map<String, String> KEYS = Map.of("0880", "dev-indikatorvakt-local-key",
      "0484", "dev-indikatorvakt-eskilstuna-key", "1466", "dev-indikatorvakt-herrljunga-key",
      "1381", "dev-indikatorvakt-laholm-key");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);

  private static TestService service;
  private static Http http;

  record Case(String document, String line, String kommun, String indicator, String orgUnit, String gender,
      String period, String value, String expected) {
    String where() {
      return document + ":" + line + " " + indicator + " " + orgUnit + " " + period + " = " + value;
    }
  }

  @BeforeAll
  static void start() {
    Map<String, String> env = TestService.env(TestDatabases.create());
    env.put("INDIKATORVAKT_NOTIFICATION_GROUPING_WINDOW", "PT1H");
    service = TestService.start(env, CLOCK);
    http = new Http(service.apiPort());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void theServiceJudgesTheSeedValuesAsTheirDocumentsDo() throws IOException {
    List<Case> cases = cases();
    List<String> misses = new ArrayList<>();
    for (Case c : cases) {
      JsonObject body = new JsonObject().put("indicator", c.indicator()).put("orgUnit", c.orgUnit())
          .put("gender", c.gender()).put("period", c.period()).put("value", Double.parseDouble(c.value()));
      Http.Response answer = http.postJson("/api/v1/measurements", body, "Authorization",
          "Bearer " + KEYS.get(c.kommun()));
      if (answer.status() / 100 != 2) {
        misses.add(c.where() + ": answered " + answer.status() + " " + answer.body());
        continue;
      }
      String result = answer.json().getJsonArray("items").getJsonObject(0).getString("result");
      if (!c.expected().equals(result)) {
        misses.add(c.where() + ": expected " + c.expected() + ", judged " + result);
      }
    }
    double share = 1.0 - (double) misses.size() / cases.size();
    System.out.printf("seed verdicts: %d of %d as the documents say (%.1f %%)%n", cases.size() - misses.size(),
        cases.size(), share * 100);
    misses.forEach(miss -> System.out.println("  miss: " + miss));
    assertThat(cases).hasSizeGreaterThan(50);
    assertThat(share).as("share of the documents' verdicts reproduced; misses: %s", misses).isGreaterThanOrEqualTo(0.95);
  }

  private static List<Case> cases() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/seed-verdicts.csv"), StandardCharsets.UTF_8);
    List<Case> cases = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      cases.add(new Case(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]));
    }
    return cases;
  }
}
