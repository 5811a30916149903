package se.indikatorvakt.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.http.auth.ApiKeys;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/**
 * Who may read what: every read needs a key, a source key reads only what it may write, managers' addresses go
 * to administrator keys only, and a request without a key is refused before anything of it is checked.
 */
class ReadAccessTest {
  private static final String SOURCE = "Bearer dev-indikatorvakt-local-key";
  private static final String ADMIN = "Bearer dev-indikatorvakt-admin-key";
  /** May write vantetid-daglig-verksamhet in vo-funktionsstod-vuxen and the units below it (daglig-verksamhet). */
  private static final String SCOPED = "Bearer read-access-test-scoped-key";
  private static final String INDICATOR = "vantetid-daglig-verksamhet";
  private static final String MINE = "daglig-verksamhet";
  private static final String THEIRS = "mottagning-vuxen";

  private static Http http;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(
      env -> env.put("INDIKATORVAKT_CONFIG_DIR", configWithScopedKey().toString()));

  @BeforeAll
  static void start() {
    http = SERVICE.api();
    for (String unit : List.of(MINE, THEIRS)) {
      Http.Response posted = http.postJson("/api/v1/measurements", new JsonObject().put("indicator", INDICATOR)
          .put("orgUnit", unit).put("period", "2022-T1").put("value", 134), "Authorization", SOURCE);
      assertThat(posted.status()).as(posted.body()).isEqualTo(201);
    }
  }

  @Test
  void theCatalogAndTheOrganisationNeedAKey() {
    for (String path : List.of("/api/v1/indicators", "/api/v1/indicators/" + INDICATOR, "/api/v1/organisation")) {
      assertThat(http.get(path).status()).as(path).isEqualTo(401);
      assertThat(http.get(path, "Authorization", SCOPED).status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void managersAddressesAreShownToAdministratorKeysOnly() {
    Http.Response admin = http.get("/api/v1/organisation", "Authorization", ADMIN);
    assertThat(admin.json().getJsonArray("units").stream().map(JsonObject.class::cast)
        .flatMap(unit -> unit.getJsonArray("managers").stream().map(JsonObject.class::cast))
        .map(manager -> manager.getString("email"))).isNotEmpty().allMatch(email -> email != null && email.contains("@"));
    for (String key : List.of(SOURCE, SCOPED)) {
      Http.Response source = http.get("/api/v1/organisation", "Authorization", key);
      assertThat(source.body()).doesNotContain("@").contains("\"role\"");
      assertThat(http.get("/api/v1/alerts", "Authorization", key).body()).doesNotContain("@");
    }
    assertThat(http.get("/api/v1/alerts", "Authorization", ADMIN).body()).contains("@");
  }

  @Test
  void aSourceKeyReadsOnlyTheMeasurementsItMayWrite() {
    assertThat(units(http.get("/api/v1/measurements", "Authorization", SCOPED).json().getJsonArray("items")))
        .containsExactly(MINE);
    assertThat(units(http.get("/api/v1/measurements", "Authorization", ADMIN).json().getJsonArray("items")))
        .containsExactlyInAnyOrder(MINE, THEIRS);
    Http.Response theirs = http.get("/api/v1/measurements?orgUnit=" + THEIRS, "Authorization", SCOPED);
    assertThat(theirs.status()).isEqualTo(403);
    assertThat(theirs.json().getString("type")).endsWith("/out-of-scope");
    String history = "/api/v1/measurements/history?indicator=" + INDICATOR + "&period=2022-T1&orgUnit=";
    assertThat(http.get(history + THEIRS, "Authorization", SCOPED).status()).isEqualTo(403);
    assertThat(http.get(history + MINE, "Authorization", SCOPED).status()).isEqualTo(200);
    assertThat(http.get(history + THEIRS, "Authorization", ADMIN).status()).isEqualTo(200);
  }

  @Test
  void aSourceKeyReadsOnlyTheAlertsAndStatusOfItsScope() {
    JsonArray all = http.get("/api/v1/alerts", "Authorization", ADMIN).json().getJsonArray("items");
    assertThat(all.stream().map(a -> ((JsonObject) a).getJsonObject("orgUnit").getString("id")))
        .containsExactlyInAnyOrder(MINE, THEIRS);
    JsonArray mine = http.get("/api/v1/alerts", "Authorization", SCOPED).json().getJsonArray("items");
    assertThat(mine.stream().map(a -> ((JsonObject) a).getJsonObject("orgUnit").getString("id")))
        .containsExactly(MINE);
    assertThat(http.get("/api/v1/alerts?orgUnit=" + THEIRS, "Authorization", SCOPED).status()).isEqualTo(403);
    long theirId = all.stream().map(JsonObject.class::cast)
        .filter(a -> a.getJsonObject("orgUnit").getString("id").equals(THEIRS)).findFirst().orElseThrow()
        .getLong("id");
    assertThat(http.get("/api/v1/alerts/" + theirId, "Authorization", SCOPED).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/alerts/" + theirId, "Authorization", ADMIN).status()).isEqualTo(200);

    Set<String> statusUnits = http.get("/api/v1/status", "Authorization", SCOPED).json().getJsonArray("series")
        .stream().map(s -> ((JsonObject) s).getString("orgUnit")).collect(Collectors.toSet());
    assertThat(statusUnits).containsExactly(MINE);
    assertThat(http.get("/api/v1/status", "Authorization", ADMIN).json().getJsonArray("series").stream()
        .map(s -> ((JsonObject) s).getString("orgUnit"))).contains(MINE, THEIRS);
    assertThat(http.get("/api/v1/status?orgUnit=" + THEIRS, "Authorization", SCOPED).status()).isEqualTo(403);
  }

  /** The contract's schema is nobody's business before the key: an anonymous invalid silence is 401, not 422. */
  @Test
  void theKeyIsCheckedBeforeTheContract() {
    String invalid = "{\"endsAt\":12}";
    assertThat(http.post("/api/v1/silences", "application/json", invalid).status()).isEqualTo(401);
    assertThat(http.post("/api/v1/silences", "text/plain", invalid).status()).isEqualTo(401);
    assertThat(http.post("/api/v1/silences", "application/json", invalid, "Authorization", SOURCE).status())
        .isEqualTo(403);
    assertThat(http.post("/api/v1/silences", "application/json", invalid, "Authorization", ADMIN).status())
        .isIn(400, 422);
    assertThat(http.get("/api/v1/alerts?limit=many").status()).isEqualTo(401);
  }

  private static List<String> units(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getString("orgUnit")).toList();
  }

  /** A copy of the shipped config/ whose application.yaml also has the scoped source key. */
  private static Path configWithScopedKey() {
    try {
      Path work = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")).toAbsolutePath();
      Path dir = Files.createTempDirectory(Files.createDirectories(work), "read-access-config-");
      Path shipped = Path.of("config").toAbsolutePath();
      try (Stream<Path> files = Files.walk(shipped)) {
        for (Path file : files.toList()) {
          Path target = dir.resolve(shipped.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
      Path settings = dir.resolve("application.yaml");
      String text = Files.readString(settings, StandardCharsets.UTF_8);
      String scoped = "  sourceKeys:\n"
          + "    - name: read-access-scoped\n"
          + "      kommun: \"0880\"\n"
          + "      source: Lifecare\n"
          + "      sha256: " + ApiKeys.sha256(SCOPED.substring("Bearer ".length())) + "\n"
          + "      indicators: [" + INDICATOR + "]\n"
          + "      orgUnits: [vo-funktionsstod-vuxen]\n";
      assertThat(text).contains("  sourceKeys:\n");
      Files.writeString(settings, text.replace("  sourceKeys:\n", scoped), StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
