package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.support.UnanalyzedMeasurements;

/**
 * /status of a unit reads the newest value of each of its series, not the series' history: its cost grows with the
 * kommun's series, never with the values they hold. Asserted on the rows each scan of measurement read, which do not
 * depend on the machine's load.
 */
class StatusWithoutStatisticsPlanTest {
  private static UnanalyzedMeasurements table;

  @BeforeAll
  static void fill() throws SQLException {
    table = UnanalyzedMeasurements.fill();
    table.registerPairs();
  }

  @AfterAll
  static void drop() throws SQLException {
    table.close();
  }

  @Test
  void readsOneRowPerSeriesOfTheUnits() throws SQLException {
    Object[] units = new Object[UnanalyzedMeasurements.SERIES + 1];
    units[0] = "text";
    IntStream.rangeClosed(1, UnanalyzedMeasurements.SERIES).forEach(i -> units[i] = UnanalyzedMeasurements.unit(i));
    Object[] indicators = {"text", UnanalyzedMeasurements.INDICATOR};
    // The statement names each of its two parameters twice.
    JsonObject plan = table.explain(AlertStatements.STATUS, List.of(indicators, indicators, units, units));

    assertThat(plan.getLong("Actual Rows")).isEqualTo((long) UnanalyzedMeasurements.SERIES);
    List<JsonObject> scans = UnanalyzedMeasurements.scansOfMeasurement(plan);
    assertThat(scans).as(plan.encodePrettily()).isNotEmpty();
    for (JsonObject scan : scans) {
      assertThat(UnanalyzedMeasurements.rowsRead(scan)).as(plan.encodePrettily())
          .isLessThanOrEqualTo((long) UnanalyzedMeasurements.SERIES);
    }
  }
}
