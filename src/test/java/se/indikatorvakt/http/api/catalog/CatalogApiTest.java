package se.indikatorvakt.http.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;
import se.indikatorvakt.support.ShippedConfig;
import se.indikatorvakt.support.TestService;

/** The shipped catalog through the API, reloading it at run time, and refusing a broken one at start. */
class CatalogApiTest {
  private static final String ADMIN = "Bearer dev-indikatorvakt-admin-key";
  private static final String SOURCE = "Bearer dev-indikatorvakt-local-key";
  private static Path configDir;
  private static Http api;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(env -> {
    configDir = ShippedConfig.copy("catalog-api-");
    env.put("INDIKATORVAKT_CONFIG_DIR", configDir.toString());
  });

  @BeforeAll
  static void start() {
    api = SERVICE.api();
  }

  @Test
  void listsTheShippedRealIndicatorsWithTheirGoals() {
    JsonObject body = api.get("/api/v1/indicators", "Authorization", SOURCE).json();
    assertThat(body.getInteger("count")).isGreaterThanOrEqualTo(35);
    assertThat(body.getJsonArray("goals")).isNotEmpty();
    body.getJsonArray("indicators").forEach(item -> {
      JsonObject source = ((JsonObject) item).getJsonObject("source");
      assertThat(source).as("source of " + item).isNotNull();
      assertThat(source.getString("document")).as("source of " + item).matches("00[0-4]_[0-9a-f]{16}\\.txt");
      assertThat(source.getInteger("line")).as("source of " + item).isPositive();
    });
  }

  @Test
  void showsKalmarsTargetForBeslutInomSkaligTid() {
    Http.Response response = api.get("/api/v1/indicators/beslut-inom-skalig-tid", "Authorization", SOURCE);
    assertThat(response.status()).isEqualTo(200);
    JsonObject target = response.json().getJsonArray("targets").getJsonObject(0);
    assertThat(target.getJsonObject("validity")).isEqualTo(new JsonObject().put("from", "2022").putNull("until"));
    assertThat(target.getString("kind")).isEqualTo("threshold");
    assertThat(target.getString("comparator")).isEqualTo("<=");
    assertThat(target.getDouble("value")).isEqualTo(79.0);
    assertThat(target.getDouble("warning")).isEqualTo(95.0);
    assertThat(target.getBoolean("warningChosen")).as("the document gives no warning line").isTrue();
    assertThat(target.getString("description")).isEqualTo("≤ 79 dagar");
    assertThat(target.getString("kommun")).isEqualTo("0880");
    assertThat(target.getString("orgUnit")).isEqualTo("socialforvaltningen");
    assertThat(target.getString("scope")).isEqualTo("unit-and-below");
    assertThat(target.getString("gender")).isEqualTo("T");
    assertThat(target.getJsonObject("decision").getString("body")).isEqualTo("Socialnämnden i Kalmar");
    assertThat(target.getJsonObject("source")).isEqualTo(new JsonObject()
        .put("document", "000_63e6c9868031b1b7.txt").put("line", 1237));
    assertThat(response.json().getString("unit")).isEqualTo("dagar");
    assertThat(response.json().getJsonObject("source").getString("document")).isEqualTo("000_63e6c9868031b1b7.txt");
    assertThat(response.json().getJsonArray("kommuner")).containsExactly("0880");
  }

  @Test
  void aLimitedTargetShowsItsEndAndABaselineItsPeriod() {
    JsonObject target = api.get("/api/v1/indicators/antal-langtidssjukskrivna", "Authorization", SOURCE).json().getJsonArray("targets")
        .getJsonObject(0);
    assertThat(target.getJsonObject("validity")).isEqualTo(new JsonObject().put("from", "2022").put("until", "2022"));
    assertThat(target.getString("direction")).isEqualTo("decrease");
    assertThat(target.getString("reference")).isEqualTo("baseline");
    assertThat(target.getJsonObject("baseline")).isEqualTo(new JsonObject().put("period", "2021-11")
        .put("value", 54.0));
    assertThat(target.getString("orgUnit")).isEqualTo("socialforvaltningen");
    assertThat(target.getString("scope")).isEqualTo("unit");
  }

  @Test
  void aNationalRuleOfLawIsListedForTheKommunThatAdoptedItWithNoEnd() {
    JsonObject body = api.get("/api/v1/indicators/forhandsbedomningar-over-14-dagar", "Authorization", SOURCE).json();
    JsonObject rule = body.getJsonArray("targets").stream().map(JsonObject.class::cast)
        .filter(target -> target.getString("kommun").equals("0880")).findFirst().orElseThrow();
    assertThat(rule.getJsonObject("validity").getValue("until")).isNull();
    assertThat(rule.getJsonObject("decision").getString("body")).startsWith("Riksdagen");
    assertThat(body.getString("legalBasis")).isEqualTo("SoL 11 kap. 1 a §");
  }

  @Test
  void listsTheKommunerOfTheInstallationToAKeyHolderOnly() {
    assertThat(api.get("/api/v1/kommuner").status()).isEqualTo(401);
    Http.Response response = api.get("/api/v1/kommuner", "Authorization", SOURCE);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonArray("kommuner")).contains(new JsonObject().put("code", "0880")
        .put("name", "Kalmar kommun").put("rootUnit", "socialforvaltningen"));
  }

  @Test
  void anUnknownIndicatorIsAProblem() {
    Http.Response response = api.get("/api/v1/indicators/finns-inte", "Authorization", SOURCE);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void showsTheOrganisationTreeWithRoleAddresses() {
    JsonObject body = api.get("/api/v1/organisation", "Authorization", ADMIN).json();
    assertThat(body.getJsonArray("units").size()).isGreaterThanOrEqualTo(15);
    JsonObject root = body.getJsonArray("units").stream().map(JsonObject.class::cast)
        .filter(unit -> unit.getString("id").equals("socialforvaltningen")).findFirst().orElseThrow();
    assertThat(root.getJsonArray("managers").getJsonObject(0).getString("email")).endsWith(".example");
    assertThat(root.getString("kommun")).isEqualTo("0880");
    assertThat(root.getJsonObject("source")).isEqualTo(new JsonObject().put("document", "000_63e6c9868031b1b7.txt")
        .put("line", 13));
  }

  @Test
  void onlyAnAdministratorMayReload() {
    assertThat(api.post("/api/v1/admin/catalog/reload", null, "", "Authorization", SOURCE).status())
        .isEqualTo(403);
    Http.Response reloaded = api.post("/api/v1/admin/catalog/reload", null, "", "Authorization", ADMIN);
    assertThat(reloaded.status()).isEqualTo(200);
    assertThat(reloaded.json().getBoolean("reloaded")).isTrue();
  }

  @Test
  void anInvalidReloadKeepsTheRunningCatalogAndSaysWhy() throws Exception {
    Path indicators = configDir.resolve(ShippedConfig.KALMAR_CATALOG);
    String original = Files.readString(indicators);
    try {
      Files.writeString(indicators, original.replaceFirst("unit: dagar", "unit: veckor"));
      Http.Response refused = api.post("/api/v1/admin/catalog/reload", null, "", "Authorization", ADMIN);
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.body()).contains("veckor");
      assertThat(api.get("/api/v1/indicators/beslut-inom-skalig-tid", "Authorization", SOURCE).status()).isEqualTo(200);
    } finally {
      Files.writeString(indicators, original);
    }
  }

  @Test
  void aBrokenCatalogStopsTheServiceWithEveryProblemNamed() throws Exception {
    Path broken = ShippedConfig.copy("catalog-broken-");
    Path catalog = broken.resolve(ShippedConfig.KALMAR_CATALOG);
    Files.writeString(catalog, Files.readString(catalog)
        .replaceFirst("unit: dagar", "unit: veckor").replaceFirst("comparator: \"<=\"", "comparator: \"=<\""));
    Map<String, String> env = TestService.env(SERVICE.database());
    env.put("INDIKATORVAKT_CONFIG_DIR", broken.toString());
    assertThatThrownBy(() -> TestService.start(env))
        .hasMessageContaining("kommun 0880: " + ShippedConfig.KALMAR_CATALOG)
        .hasMessageContaining("veckor")
        .hasMessageContaining("=<");
  }
}
