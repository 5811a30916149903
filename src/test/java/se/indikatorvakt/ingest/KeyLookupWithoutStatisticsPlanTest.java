package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.support.UnanalyzedMeasurements;

/**
 * The lookup of the previous periods' values probes one row per key even while
 * measurement has no statistics, as after the first large batches of a new installation. Before, a planner without
 * statistics took the primary key (kommun, id) for as selective as the key and read every row of the kommun for each
 * key: a batch of 10 000 spent half a second in this read alone. Asserted on the rows each scan read, which do not
 * depend on the machine's load. The small ingest transactions use the generic plans, made once for keys of any number
 * ({@code KommunScope.Plans.GENERIC}): they must not depend on statistics either. The lock of existing keys read every
 * row of the kommun in both plans before it found its rows by (kommun, id).
 */
class KeyLookupWithoutStatisticsPlanTest {
  @RegisterExtension
  static final UnanalyzedMeasurements TABLE = UnanalyzedMeasurements.filled();

  /** The previous values' lookup and the lock of the current rows, each in both plans. */
  static Stream<Arguments> lookups() {
    return Stream.of(Arguments.of("previous values", MeasurementRepository.PREVIOUS_VALUES),
            Arguments.of("lock of the current rows", MeasurementRepository.LOCK_CURRENT))
        .flatMap(lookup -> Arrays.stream(UnanalyzedMeasurements.Plan.values())
            .map(plan -> Arguments.of(lookup.get()[0], lookup.get()[1], plan)));
  }

  @ParameterizedTest(name = "{0}, {2} plan")
  @MethodSource("lookups")
  void readsOneRowPerKey(String lookup, String sql, UnanalyzedMeasurements.Plan which) throws SQLException {
    JsonObject plan = TABLE.explain(which, sql, keys());

    assertThat(plan.getLong("Actual Rows")).as("every key exists").isEqualTo(UnanalyzedMeasurements.SERIES);
    UnanalyzedMeasurements.assertEveryScanReadsAtMost(plan, UnanalyzedMeasurements.SERIES);
  }

  /** Day 2 000 of every series, in the columns of the lookups. */
  private static List<Object[]> keys() {
    String day = LocalDate.parse(UnanalyzedMeasurements.FIRST_DAY).plusDays(2_000).toString();
    return UnanalyzedMeasurements.seriesKeys(UnanalyzedMeasurements.perSeries("text", i -> day),
        UnanalyzedMeasurements.perSeries("date", i -> LocalDate.parse(day)),
        UnanalyzedMeasurements.perSeries("date", i -> LocalDate.parse(day)));
  }
}
