package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/**
 * A Kolada response for many kommuner through the API into PostgreSQL: Jämförby's "topp 3" målvärde is judged by the
 * place its väntetid has among every kommun in the data, ties shared as Kolada ranks, and a later import of newer
 * values replaces the comparison data and moves the place.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KoladaPlacesTest {
  private static final String[] SOURCE = {"Authorization", "Bearer " + IngestTestData.JAMFORBY_KEY};
  private static final String PLACE = "/api/v1/measurements?indicator=jamforby-placering-vantetid"
      + "&orgUnit=jamforby-socialforvaltningen";

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(env -> env.put("INDIKATORVAKT_CONFIG_DIR",
      IngestTestData.configWithJamforbyKey().toString()));

  private static Http.Response importKolada(String json) {
    return SERVICE.api().post("/api/v1/import/kolada", "application/json", json, SOURCE);
  }

  private static JsonObject item(Http.Response response, String indicator) {
    return response.json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("indicator").equals(indicator) && i.getString("gender").equals("T"))
        .findFirst().orElseThrow(() -> new AssertionError("no " + indicator + " in " + response.body()));
  }

  private static List<JsonObject> places() {
    return SERVICE.api().get(PLACE, SOURCE).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .toList();
  }

  @Test
  @Order(1)
  void thePlaceAmongEveryKommunInTheDataJudgesTheTopTarget() {
    // väntetid (lower is better) 9, 12, then 15 for four kommuner with Jämförby among them: all four share place 3
    Http.Response imported = importKolada(KoladaResponses.forKommuner(2021,
        KoladaResponses.with(KoladaResponses.OTHERS, "0880", 20.0, "9998", 15.0)));

    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    JsonObject place = item(imported, "jamforby-placering-vantetid");
    assertThat(place.getString("resultCode")).as("place 3 is within topp 3").isEqualTo("met");
    assertThat(places()).singleElement().satisfies(stored -> {
      assertThat(stored.getString("period")).isEqualTo("2021");
      assertThat(stored.getDouble("value")).isEqualTo(3.0);
      assertThat(stored.getString("source")).isEqualTo("Kolada via Utvecklingsnyckel");
    });
    assertThat(imported.json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(i -> i.getString("indicator"))).as("Kalmar's value is not the Jämförby key's to write")
        .doesNotContain("vantetid-forsorjningsstod");
    assertThat(imported.json().getJsonArray("unmapped").stream().map(JsonObject.class::cast)
        .map(u -> u.getString("municipality"))).contains("0000", "0012", "0880");
    assertThat(count("SELECT count(*) FROM kolada_comparison WHERE kpi = 'U31402' AND year = 2021"))
        .as("every kommun's T, K and M, Riket and the region not").isEqualTo(9 * 3);
  }

  @Test
  @Order(2)
  void aNewerImportReplacesTheComparisonDataAndMovesThePlace() {
    // two kommuner now answer faster than Jämförby: 9, 10, 14, then the four at 15 share place 4
    Http.Response imported = importKolada(KoladaResponses.forKommuner(2021,
        KoladaResponses.with(KoladaResponses.OTHERS, "0880", 20.0, "9998", 15.0, "0180", 10.0, "0580", 14.0)));

    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    assertThat(item(imported, "jamforby-placering-vantetid").getString("resultCode"))
        .as("place 4: outside topp 3, within the warning place 5").isEqualTo("partly-met");
    assertThat(places()).singleElement().satisfies(stored -> assertThat(stored.getDouble("value")).isEqualTo(4.0));
    assertThat(count("SELECT count(*) FROM kolada_comparison WHERE kpi = 'U31402' AND year = 2021"))
        .as("replaced, not added").isEqualTo(9 * 3);
    assertThat(count("SELECT count(*) FROM kolada_comparison WHERE municipality = '0180' AND gender = 'T' "
        + "AND value = 10")).isEqualTo(1);
  }

  @Test
  @Order(3)
  void withoutAnyOtherKommunInTheDataThePostedPlaceStillJudges() {
    Http.Response posted = SERVICE.api().postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", "jamforby-placering-vantetid").put("orgUnit", "jamforby-socialforvaltningen")
        .put("period", "2022").put("value", 2), SOURCE);
    assertThat(posted.status()).as(posted.body()).isEqualTo(201);

    Http.Response imported = importKolada(KoladaResponses.forKommuner(2022, Map.of("9998", 40.0)));

    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    assertThat(imported.json().getJsonArray("unmapped").stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("municipality").equals("9998")).map(u -> u.getString("reason")))
        .singleElement().asString().contains("no other kommun").contains("a place posted for it still judges");
    JsonObject stored = places().stream().filter(p -> p.getString("period").equals("2022"))
        .findFirst().orElseThrow();
    assertThat(stored.getDouble("value")).as("the posted place, not replaced").isEqualTo(2.0);
    assertThat(stored.getString("source")).isEqualTo("Utvecklingsnyckel");
  }

  private static long count(String sql) {
    DatabaseUrl database = SERVICE.database();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
