package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.support.UnanalyzedMeasurements;

/**
 * A gauge refresh after a commit reads only the newest period of each changed series even while measurement has no
 * statistics, as after the first large batches of a new installation. Before, a planner without statistics read
 * every row of the kommun for each series (about 240 ms per refresh of the 25 series of a batch of 10 000, in every
 * instance). Asserted on the rows each scan read, which do not depend on the machine's load.
 */
class SeriesOfWithoutStatisticsPlanTest {
  @RegisterExtension
  static final UnanalyzedMeasurements TABLE = UnanalyzedMeasurements.filled();

  @Test
  void readsOneRowPerSeries() throws SQLException {
    JsonObject plan = TABLE.explain(MetricsStatements.SERIES_OF, UnanalyzedMeasurements.seriesKeys());

    assertThat(plan.getLong("Actual Rows")).isEqualTo(UnanalyzedMeasurements.SERIES);
    UnanalyzedMeasurements.assertEveryScanReadsAtMost(plan, UnanalyzedMeasurements.SERIES);
  }
}
