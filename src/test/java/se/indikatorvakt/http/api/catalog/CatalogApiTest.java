package se.indikatorvakt.http.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/** The shipped catalog through the API, reloading it at run time, and refusing a broken one at start. */
class CatalogApiTest {
  private static final String ADMIN = "Bearer dev-indikatorvakt-admin-key";
  private static final String SOURCE = "Bearer dev-indikatorvakt-local-key";
  private static DatabaseUrl database;
  private static Path configDir;
  private static TestService service;
  private static Http api;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.create();
    configDir = Files.createTempDirectory("catalog-api");
    for (String file : new String[] {"application.yaml", "indicators.yaml", "organisation.yaml"}) {
      Files.copy(Path.of("config", file), configDir.resolve(file));
    }
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_CONFIG_DIR", configDir.toString());
    service = TestService.start(env);
    api = new Http(service.apiPort());
  }

  @AfterAll
  static void stop() {
    service.close();
    TestDatabases.drop(database);
  }

  @Test
  void listsTheShippedRealIndicatorsWithTheirGoals() {
    JsonObject body = api.get("/api/v1/indicators", "Authorization", SOURCE).json();
    assertThat(body.getInteger("count")).isGreaterThanOrEqualTo(40);
    assertThat(body.getJsonArray("goals")).isNotEmpty();
  }

  @Test
  void showsKalmarsTargetForBeslutInomSkaligTid() {
    Http.Response response = api.get("/api/v1/indicators/beslut-inom-skalig-tid", "Authorization", SOURCE);
    assertThat(response.status()).isEqualTo(200);
    JsonObject target = response.json().getJsonArray("targets").getJsonObject(0);
    assertThat(target.getString("from")).isEqualTo("2022");
    assertThat(target.getString("until")).isEqualTo("2022");
    assertThat(target.getString("scope")).isEqualTo("unit-and-below");
    assertThat(target.getString("gender")).isEqualTo("T");
    assertThat(target.getString("kind")).isEqualTo("threshold");
    assertThat(target.getDouble("value")).isEqualTo(79.0);
    assertThat(target.getString("description")).contains("79");
    assertThat(response.json().getString("unit")).isEqualTo("dagar");
  }

  @Test
  void anUnknownIndicatorIsAProblem() {
    Http.Response response = api.get("/api/v1/indicators/finns-inte", "Authorization", SOURCE);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void showsTheOrganisationTreeWithRoleAddressesToAnAdministrator() {
    JsonObject body = api.get("/api/v1/organisation", "Authorization", ADMIN).json();
    assertThat(body.getJsonArray("units").size()).isGreaterThanOrEqualTo(15);
    assertThat(body.getJsonArray("units").getJsonObject(0).getJsonArray("managers").getJsonObject(0)
        .getString("email")).endsWith(".example");
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
    Path indicators = configDir.resolve("indicators.yaml");
    String original = Files.readString(indicators);
    try {
      Files.writeString(indicators, original.replaceFirst("unit: dagar", "unit: veckor"));
      Http.Response refused = api.post("/api/v1/admin/catalog/reload", null, "", "Authorization", ADMIN);
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.body()).contains("veckor");
      assertThat(api.get("/api/v1/indicators/beslut-inom-skalig-tid", "Authorization", SOURCE).status())
          .isEqualTo(200);
    } finally {
      Files.writeString(indicators, original);
    }
  }

  @Test
  void aBrokenCatalogStopsTheServiceWithEveryProblemNamed() throws Exception {
    Path broken = Files.createTempDirectory("catalog-broken");
    Files.copy(Path.of("config", "application.yaml"), broken.resolve("application.yaml"));
    Files.copy(Path.of("config", "organisation.yaml"), broken.resolve("organisation.yaml"));
    Files.writeString(broken.resolve("indicators.yaml"), Files.readString(Path.of("config", "indicators.yaml"))
        .replaceFirst("unit: dagar", "unit: veckor").replaceFirst("comparator: \"<=\"", "comparator: \"=<\""));
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_CONFIG_DIR", broken.toString());
    assertThatThrownBy(() -> TestService.start(env))
        .hasMessageContaining("indicators.yaml")
        .hasMessageContaining("veckor")
        .hasMessageContaining("=<");
  }
}
