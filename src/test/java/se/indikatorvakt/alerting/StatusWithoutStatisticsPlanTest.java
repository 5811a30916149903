package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.support.UnanalyzedMeasurements;

/**
 * /status of a unit reads the newest value of each of its series, not the series' history: its cost grows with the
 * kommun's series, never with the values they hold. Asserted on the rows each scan of measurement read, which do not
 * depend on the machine's load.
 */
class StatusWithoutStatisticsPlanTest {
  @RegisterExtension
  static final UnanalyzedMeasurements TABLE = UnanalyzedMeasurements.filledWithPairs();

  @Test
  void readsOneRowPerSeriesOfTheUnits() throws SQLException {
    Object[] units = UnanalyzedMeasurements.perSeries("text", UnanalyzedMeasurements::unit);
    Object[] indicators = {"text", UnanalyzedMeasurements.INDICATOR};
    // The statement names each of its two parameters twice.
    JsonObject plan = TABLE.explain(AlertStatements.STATUS, List.of(indicators, indicators, units, units));

    assertThat(plan.getLong("Actual Rows")).isEqualTo((long) UnanalyzedMeasurements.SERIES);
    UnanalyzedMeasurements.assertEveryScanReadsAtMost(plan, UnanalyzedMeasurements.SERIES);
  }
}
