package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.support.UnanalyzedMeasurements;

/**
 * The lookup of the previous periods' values probes one row per key even while
 * measurement has no statistics, as after the first large batches of a new installation. Before, a planner without
 * statistics took the primary key (kommun, id) for as selective as the key and read every row of the kommun for each
 * key: a batch of 10 000 spent half a second in this read alone. Asserted on the rows each scan read, which do not
 * depend on the machine's load.
 */
class KeyLookupWithoutStatisticsPlanTest {
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
  void previousValuesReadOneRowPerKey() throws SQLException {
    JsonObject plan = table.explain(MeasurementRepository.PREVIOUS_VALUES, keys());

    assertThat(plan.getLong("Actual Rows")).as("every key exists").isEqualTo(UnanalyzedMeasurements.SERIES);
    assertReadsOneRowPerKey(plan);
  }

  private static void assertReadsOneRowPerKey(JsonObject plan) {
    List<JsonObject> scans = UnanalyzedMeasurements.scansOfMeasurement(plan);
    assertThat(scans).as(plan.encodePrettily()).isNotEmpty();
    for (JsonObject scan : scans) {
      assertThat(UnanalyzedMeasurements.rowsRead(scan)).as(scan.getString("Node Type") + " using "
          + scan.getString("Index Name") + "\n" + plan.encodePrettily()).isLessThanOrEqualTo(UnanalyzedMeasurements.SERIES);
    }
  }

  /** Day 2 000 of every series, in the columns of the lookups. */
  private static List<Object[]> keys() {
    String day = LocalDate.parse(UnanalyzedMeasurements.FIRST_DAY).plusDays(2_000).toString();
    return List.of(column("text", i -> UnanalyzedMeasurements.INDICATOR),
        column("text", UnanalyzedMeasurements::unit), column("text", i -> "T"), column("text", i -> day),
        column("date", i -> LocalDate.parse(day)), column("date", i -> LocalDate.parse(day)));
  }

  private static Object[] column(String type, java.util.function.IntFunction<Object> value) {
    Object[] column = new Object[UnanalyzedMeasurements.SERIES + 1];
    column[0] = type;
    IntStream.rangeClosed(1, UnanalyzedMeasurements.SERIES).forEach(i -> column[i] = value.apply(i));
    return column;
  }
}
