package se.indikatorvakt.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.Polarity;

/**
 * Places among kommuner as Kolada ranks them. The kommuner are the jämförelsekommuner of
 * 000_63e6c9868031b1b7.txt:434 (HME topp tre); the values are ours, the document gives none.
 */
class RankingTest {
  private static final List<String> KOMMUNER = List.of("Kalmar", "Karlskrona", "Kristianstad", "Växjö", "Halmstad",
      "Skövde", "Varberg");

  @ParameterizedTest(name = "{0}: {1} -> places {2}")
  @CsvSource(delimiter = '|', value = {
      "higher is better, no ties              | HIGHER_IS_BETTER | 82 80 79 78 77 76 75         | 1 2 3 4 5 6 7",
      "a shared place skips the next          | HIGHER_IS_BETTER | 80 82 80 78 80 76 75         | 2 1 2 5 2 6 7",
      "lower is better                        | LOWER_IS_BETTER  | 19 22 20 20 15 26 3          | 3 6 4 4 2 7 1",
      "decimals compare exactly: 0,3 is ahead | LOWER_IS_BETTER  | 0.3 0.30000000000000004 0.3 1 1 1 1 | 1 3 1 4 4 4 4",
      "everyone equal shares place 1          | HIGHER_IS_BETTER | 5 5 5 5 5 5 5                | 1 1 1 1 1 1 1",
  })
  void placesAreSharedOnTiesAndTheNextPlaceCountsAllBefore(String description, Polarity polarity, String values,
      String places) {
    double[] numbers = Arrays.stream(values.trim().split(" +")).mapToDouble(Double::parseDouble).toArray();
    List<Ranking.Entry> entries = IntStream.range(0, KOMMUNER.size())
        .mapToObj(i -> new Ranking.Entry(KOMMUNER.get(i), numbers[i])).toList();

    List<Integer> placed = List.copyOf(Ranking.places(entries, polarity).values());

    assertThat(placed).isEqualTo(Arrays.stream(places.split(" ")).map(Integer::valueOf).toList());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "best of all                         | Kalmar  | HIGHER_IS_BETTER | 82 80 79 78 77 76 75 | 1",
      "tied with two others after one      | Skövde  | HIGHER_IS_BETTER | 82 80 79 80 77 80 75 | 2",
      "the place after a tie of three      | Kristianstad | HIGHER_IS_BETTER | 82 80 79 80 77 80 75 | 5",
      "lower is better turns the order     | Kalmar  | LOWER_IS_BETTER  | 82 80 79 78 77 76 75 | 7",
      "not in the data: no place           | Laholm  | HIGHER_IS_BETTER | 82 80 79 78 77 76 75 | ",
  })
  void theKommunsPlaceAmongEveryKommunInTheData(String description, String kommun, Polarity polarity, String values,
      Integer place) {
    double[] numbers = Arrays.stream(values.trim().split(" +")).mapToDouble(Double::parseDouble).toArray();
    List<Ranking.Entry> entries = IntStream.range(0, KOMMUNER.size())
        .mapToObj(i -> new Ranking.Entry(KOMMUNER.get(i), numbers[i])).toList();

    OptionalInt placed = Ranking.placeOf(kommun, entries, polarity);

    assertThat(placed).isEqualTo(place == null ? OptionalInt.empty() : OptionalInt.of(place));
  }

  @Test
  void aKommunAloneInTheDataHasNoPlace() {
    assertThat(Ranking.placeOf("Kalmar", List.of(new Ranking.Entry("Kalmar", 20)), Polarity.LOWER_IS_BETTER))
        .isEmpty();
  }

  @Test
  void aBandHasNoRankingAndAKommunCountsOnce() {
    List<Ranking.Entry> twice = List.of(new Ranking.Entry("Kalmar", 1), new Ranking.Entry("Kalmar", 2));

    assertThatThrownBy(() -> Ranking.places(List.of(new Ranking.Entry("Kalmar", 1)), Polarity.INSIDE_BAND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ranking.places(twice, Polarity.HIGHER_IS_BETTER))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
