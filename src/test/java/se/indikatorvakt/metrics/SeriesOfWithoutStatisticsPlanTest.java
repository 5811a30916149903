package se.indikatorvakt.metrics;

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
 * A gauge refresh after a commit reads only the newest period of each changed series even while measurement has no
 * statistics, as after the first large batches of a new installation. Before, a planner without statistics read
 * every row of the kommun for each series (about 240 ms per refresh of the 25 series of a batch of 10 000, in every
 * instance). Asserted on the rows each scan read, which do not depend on the machine's load.
 */
class SeriesOfWithoutStatisticsPlanTest {
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
  void readsOneRowPerSeries() throws SQLException {
    JsonObject plan = table.explain(MetricsStatements.SERIES_OF, List.of(
        column(i -> UnanalyzedMeasurements.INDICATOR), column(UnanalyzedMeasurements::unit), column(i -> "T")));

    assertThat(plan.getLong("Actual Rows")).isEqualTo(UnanalyzedMeasurements.SERIES);
    List<JsonObject> scans = UnanalyzedMeasurements.scansOfMeasurement(plan);
    assertThat(scans).as(plan.encodePrettily()).isNotEmpty();
    for (JsonObject scan : scans) {
      assertThat(UnanalyzedMeasurements.rowsRead(scan)).as(plan.encodePrettily())
          .isLessThanOrEqualTo(UnanalyzedMeasurements.SERIES);
    }
  }

  private static Object[] column(IntFunction<Object> value) {
    Object[] column = new Object[UnanalyzedMeasurements.SERIES + 1];
    column[0] = "text";
    IntStream.rangeClosed(1, UnanalyzedMeasurements.SERIES).forEach(i -> column[i] = value.apply(i));
    return column;
  }
}
