package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/**
 * Each new value of a firing breach rewrites its alert row (the period, the value, the streak). Those rewrites stay
 * on the row's page without new index entries (PostgreSQL's HOT updates), so a series that breaches every day does not
 * grow the alert table's eleven indexes by one entry per value until the next vacuum. Kalmar's own indicator and
 * målvärde (at most 0 förhandsbedömningar over 14 days; config/kommuner/0880-kalmar).
 */
class FiringAlertUpdatesInPlaceTest {
  private static final String KEY = "dev-indikatorvakt-local-key";
  private static final String INDICATOR = "forhandsbedomningar-over-14-dagar";
  private static final String UNIT = "familjeratten";
  private static final LocalDate FIRST_DAY = LocalDate.parse("2024-03-01");
  private static final int LATER_VALUES = 8;
  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withDefaults();
  private static ProofDb db;

  @BeforeAll
  static void connect() {
    db = new ProofDb(SERVICE.database());
  }

  @Test
  void theNewValuesOfAFiringBreachRewriteItsAlertInPlace() {
    int day = 0;
    while (db.count("SELECT count(*) FROM alert WHERE indicator_id = ? AND state = 'firing'", INDICATOR) == 0) {
      assertThat(day).as("days of breaches before the alert fires").isLessThan(10);
      post(day++);
    }
    Map<String, Object> before = updatesOfAlert();

    for (int i = 0; i < LATER_VALUES; i++) {
      post(day++);
    }
    Http.await("the service's backends reporting their updates of alert", Duration.ofSeconds(10),
        () -> (long) updatesOfAlert().get("updated") - (long) before.get("updated") >= LATER_VALUES);
    Map<String, Object> after = updatesOfAlert();
    String lastDay = FIRST_DAY.plusDays(day - 1).toString();

    assertThat(db.rows("SELECT breach_streak, period FROM alert WHERE indicator_id = ?", INDICATOR))
        .as("one alert, carried to the last value").singleElement()
        .satisfies(alert -> assertThat(alert.get("period")).isEqualTo(lastDay));
    assertThat((long) after.get("hot") - (long) before.get("hot"))
        .as("of the %d updates of the alert since it fired (%s → %s), those written in place", LATER_VALUES, before,
            after)
        .isGreaterThanOrEqualTo(LATER_VALUES);
  }

  private static void post(int day) {
    JsonObject value = new JsonObject().put("indicator", INDICATOR).put("orgUnit", UNIT)
        .put("period", FIRST_DAY.plusDays(day).toString()).put("value", 5);
    assertThat(SERVICE.api().postJson("/api/v1/measurements", value, "Authorization", "Bearer " + KEY).status())
        .as("day %d", day).isEqualTo(201);
  }

  private static Map<String, Object> updatesOfAlert() {
    return db.rows("SELECT n_tup_upd AS updated, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'alert'")
        .get(0);
  }
}
