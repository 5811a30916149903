package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.support.UnanalyzedMeasurements;

/**
 * The alert engine's read of each series' newest periods takes them newest first from measurement_series even while
 * measurement has no statistics, as after the first large batches of a new installation. Before, a planner without
 * statistics read every row of the kommun for each series and sorted (a batch of 10 000 new values spent 0.5-0.7 s
 * in this read). Asserted on the rows each scan read, which do not depend on the machine's load.
 */
class LatestPeriodsWithoutStatisticsPlanTest {
  private static final int DEPTH = 6;
  private static UnanalyzedMeasurements table;

  @BeforeAll
  static void fill() throws SQLException {
    table = UnanalyzedMeasurements.fill();
  }

  @AfterAll
  static void drop() throws SQLException {
    table.close();
  }

  @Test
  void readsOnlyTheNewestPeriodsOfEachSeries() throws SQLException {
    JsonObject plan = table.explain(AlertStatements.LATEST_PERIODS, List.of(
        column("text", i -> UnanalyzedMeasurements.INDICATOR), column("text", UnanalyzedMeasurements::unit),
        column("text", i -> "T"), column("int4", i -> DEPTH)));

    assertThat(plan.getLong("Actual Rows")).isEqualTo((long) UnanalyzedMeasurements.SERIES * DEPTH);
    List<JsonObject> scans = UnanalyzedMeasurements.scansOfMeasurement(plan);
    assertThat(scans).as(plan.encodePrettily()).isNotEmpty();
    for (JsonObject scan : scans) {
      assertThat(UnanalyzedMeasurements.rowsRead(scan)).as(plan.encodePrettily())
          .isLessThanOrEqualTo((long) UnanalyzedMeasurements.SERIES * DEPTH);
    }
  }

  private static Object[] column(String type, IntFunction<Object> value) {
    Object[] column = new Object[UnanalyzedMeasurements.SERIES + 1];
    column[0] = type;
    IntStream.rangeClosed(1, UnanalyzedMeasurements.SERIES).forEach(i -> column[i] = value.apply(i));
    return column;
  }
}
