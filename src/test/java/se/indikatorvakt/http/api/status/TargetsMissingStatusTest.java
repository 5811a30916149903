package se.indikatorvakt.http.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;
import se.indikatorvakt.support.ShippedConfig;
import se.indikatorvakt.support.TestClock;

/**
 * "Målvärde saknas" in GET /status and in the gauge {@code indikatorvakt_targets_missing}, worked out from the catalog in force and the service's clock: the real service
 * with a copy of the shipped configuration. Kalmar's årsmål 2022 (tertialrapport 000_63e6c9868031b1b7.txt rad 434,
 * 461-475) were set for 2022 alone, so in January 2023 they are listed; in January 2027 nothing is, until a nämnd's
 * targets kept to 2026 are loaded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TargetsMissingStatusTest {
  private static final String ADMIN = "Bearer dev-indikatorvakt-admin-key";
  private static final String SOURCE = "Bearer dev-indikatorvakt-local-key";
  private static final TestClock CLOCK = TestClock.stoppedAt(Instant.parse("2023-01-05T08:00:00Z"));
  private static final Pattern GAUGE =
      Pattern.compile("(?m)^indikatorvakt_targets_missing\\{kommun=\"(\\d{4})\"\\} (\\S+)$");
  private static final Path CONFIG = ShippedConfig.copy("targets-missing-status");

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension
      .withSettings(env -> {
        env.put("INDIKATORVAKT_CONFIG_DIR", CONFIG.toString());
        env.put("INDIKATORVAKT_METRICS_REFRESH_INTERVAL", "PT1S");
      })
      .withClock(CLOCK);

  @Test
  @Order(1)
  void theYearAfterAnÅrsmålItIsListedAsMissingForItsKommunOnly() {
    Map<String, JsonObject> byKommun = status("");
    assertThat(byKommun.keySet()).containsExactly("0484", "0880", "1381", "1466");
    JsonObject kalmar = byKommun.get("0880");
    assertThat(kalmar.getString("kommunName")).isEqualTo("Kalmar kommun");
    assertThat(kalmar.getInteger("count")).isEqualTo(8).isEqualTo(kalmar.getJsonArray("items").size());
    JsonObject hme = item(kalmar, "hme-placering-jamforelsekommuner", "socialforvaltningen");
    assertThat(hme.getString("lastPeriod")).isEqualTo("2022");
    assertThat(hme.getString("lastPeriodSwedish")).isEqualTo("2022");
    assertThat(hme.getString("gender")).isEqualTo("T");
    assertThat(hme.getString("orgUnitName")).isEqualTo("Socialförvaltningen");
    assertThat(hme.getString("result")).isEqualTo("target-missing");
    assertThat(hme.getString("resultSwedish")).isEqualTo("målvärde saknas");
    assertThat(hme.getString("lastTarget")).isNotBlank();
    JsonObject sick = item(kalmar, "antal-langtidssjukskrivna", "vo-barn-och-familj");
    assertThat(sick.getString("lastPeriod")).isEqualTo("2022-12");
    assertThat(sick.getString("lastPeriodSwedish")).isEqualTo("december 2022");
    for (String other : List.of("0484", "1381", "1466")) {
      assertThat(byKommun.get(other).getInteger("count")).as(other).isZero();
    }
    awaitGauges(Map.of("0880", 8, "0484", 0, "1381", 0, "1466", 0));
  }

  @Test
  @Order(2)
  void theFiltersOfTheStatusNarrowTheList() {
    Map<String, JsonObject> unit = status("?orgUnit=vo-barn-och-familj");
    assertThat(unit.keySet()).as("only the unit's kommun").containsExactly("0880");
    assertThat(unit.get("0880").getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(i -> i.getString("indicator") + "@" + i.getString("orgUnit")))
        .containsExactly("antal-langtidssjukskrivna@vo-barn-och-familj");
    Map<String, JsonObject> indicator = status("?indicator=hme-placering-jamforelsekommuner");
    assertThat(indicator.get("0880").getInteger("count")).isEqualTo(1);
    assertThat(SERVICE.api().get("/api/v1/status", "Authorization", SOURCE).json().getJsonArray("targetsMissing"))
        .as("a source key reads the same list within its scope").hasSize(4);
  }

  @Test
  @Order(3)
  void inJanuary2027NothingOfTheShippedCatalogIsMissing() {
    CLOCK.set(Instant.parse("2027-01-05T08:00:00Z"));
    assertThat(status("").values()).allSatisfy(kommun -> assertThat(kommun.getInteger("count")).isZero());
    awaitGauges(Map.of("0880", 0, "0484", 0, "1381", 0, "1466", 0));
  }

  @Test
  @Order(4)
  void targetsKeptTo2026AreMissingIn2027OnceTheCatalogHoldsThem() throws Exception {
    Path kalmar = CONFIG.resolve(ShippedConfig.KALMAR_CATALOG);
    String text = Files.readString(kalmar, StandardCharsets.UTF_8);
    assertThat(text).contains("until: \"2022\"");
    Files.writeString(kalmar, text.replace("until: \"2022\"", "until: \"2026\""), StandardCharsets.UTF_8);
    assertThat(SERVICE.api().post("/api/v1/admin/catalog/reload", null, "", "Authorization", ADMIN).status())
        .isEqualTo(200);

    JsonObject kalmarStatus = status("").get("0880");
    assertThat(kalmarStatus.getInteger("count")).isEqualTo(7);
    assertThat(item(kalmarStatus, "hme-placering-jamforelsekommuner", "socialforvaltningen").getString("lastPeriod"))
        .isEqualTo("2026");
    assertThat(item(kalmarStatus, "antal-langtidssjukskrivna", "vo-vuxen").getString("lastPeriodSwedish"))
        .isEqualTo("december 2026");
    awaitGauges(Map.of("0880", 7, "0484", 0, "1381", 0, "1466", 0));

    CLOCK.set(Instant.parse("2026-12-31T22:59:00Z"));
    assertThat(status("").get("0880").getInteger("count")).as("still 2026 in Stockholm").isZero();
    CLOCK.set(Instant.parse("2026-12-31T23:00:00Z"));
    assertThat(status("").get("0880").getInteger("count")).as("midnight in Stockholm: 2027").isEqualTo(7);
  }

  /** The gauge per kommun on the management port, as Prometheus scrapes it, once the periodic refresh has run. */
  private static void awaitGauges(Map<String, Integer> expected) {
    Http management = new Http(SERVICE.managementPort());
    String[] last = {""};
    try {
      Http.await("indikatorvakt_targets_missing " + expected, Duration.ofSeconds(10), () -> {
        last[0] = management.get("/metrics").body();
        return gauges(last[0]).equals(expected);
      });
    } catch (AssertionError e) {
      throw new AssertionError("scraped " + gauges(last[0]) + ", expected " + expected, e);
    }
  }

  private static Map<String, Integer> gauges(String scrape) {
    Matcher sample = GAUGE.matcher(scrape);
    Map<String, Integer> found = new java.util.HashMap<>();
    while (sample.find()) {
      found.put(sample.group(1), (int) Double.parseDouble(sample.group(2)));
    }
    return found;
  }

  private static Map<String, JsonObject> status(String query) {
    Http.Response response = SERVICE.api().get("/api/v1/status" + query, "Authorization", ADMIN);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonArray kommuner = response.json().getJsonArray("targetsMissing");
    return kommuner.stream().map(JsonObject.class::cast).collect(Collectors.toMap(k -> k.getString("kommun"),
        k -> k, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  private static JsonObject item(JsonObject kommun, String indicator, String unit) {
    return kommun.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("indicator").equals(indicator) && i.getString("orgUnit").equals(unit))
        .findFirst().orElseThrow(() -> new AssertionError(indicator + "@" + unit + " not in " + kommun.encode()));
  }
}
