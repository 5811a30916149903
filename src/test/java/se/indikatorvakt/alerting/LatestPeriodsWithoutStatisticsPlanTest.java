package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.indikatorvakt.support.UnanalyzedMeasurements;

/**
 * The alert engine's read of each series' newest periods takes them newest first from measurement_series even while
 * measurement has no statistics, as after the first large batches of a new installation. Before, a planner without
 * statistics read every row of the kommun for each series and sorted (a batch of 10 000 new values spent 0.5-0.7 s
 * in this read). Asserted on the rows each scan read, which do not depend on the machine's load.
 */
class LatestPeriodsWithoutStatisticsPlanTest {
  private static final int DEPTH = 6;

  @RegisterExtension
  static final UnanalyzedMeasurements TABLE = UnanalyzedMeasurements.filled();

  /** Both the plan PostgreSQL chooses and the generic one, which the small ingest transactions use. */
  @ParameterizedTest
  @EnumSource(UnanalyzedMeasurements.Plan.class)
  void readsOnlyTheNewestPeriodsOfEachSeries(UnanalyzedMeasurements.Plan which) throws SQLException {
    JsonObject plan = TABLE.explain(which, AlertStatements.LATEST_PERIODS,
        UnanalyzedMeasurements.seriesKeys(UnanalyzedMeasurements.perSeries("int4", i -> DEPTH),
            UnanalyzedMeasurements.perSeries("bool", i -> true)));

    assertThat(plan.getLong("Actual Rows")).isEqualTo((long) UnanalyzedMeasurements.SERIES * DEPTH);
    UnanalyzedMeasurements.assertEveryScanReadsAtMost(plan, (long) UnanalyzedMeasurements.SERIES * DEPTH);
  }
}
