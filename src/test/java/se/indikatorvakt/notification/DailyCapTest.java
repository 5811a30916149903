package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DailyCapTest {
  private static final DailyCap CAP = new DailyCap(10, ZoneId.of("Europe/Stockholm"), 7);

  @ParameterizedTest(name = "folded at {0} -> digest at {1}")
  @CsvSource({
      "2024-05-14T13:00:00Z, 2024-05-15T05:00:00Z",
      "2024-05-14T04:59:00Z, 2024-05-14T05:00:00Z",
      "2024-05-14T05:00:00Z, 2024-05-15T05:00:00Z",
      "2024-05-14T22:30:00Z, 2024-05-15T05:00:00Z",
      "2024-01-14T13:00:00Z, 2024-01-15T06:00:00Z",
      "2024-03-30T20:00:00Z, 2024-03-31T05:00:00Z",
      "2024-10-26T20:00:00Z, 2024-10-27T06:00:00Z"})
  void theDigestGoesOutAtTheNextSevenOClockLocalTimeAcrossDaylightSavingChanges(Instant folded, Instant digest) {
    assertThat(CAP.nextDigest(folded)).isEqualTo(digest);
  }

  @ParameterizedTest(name = "{0} counts against {1}")
  @CsvSource({
      "2024-05-14T21:59:59Z, 2024-05-14",
      "2024-05-14T22:00:00Z, 2024-05-15",
      "2024-01-14T22:59:59Z, 2024-01-14",
      "2024-01-14T23:00:00Z, 2024-01-15"})
  void anEmailCountsAgainstTheLocalDayInSweden(Instant sent, LocalDate day) {
    assertThat(CAP.dayOf(sent)).isEqualTo(day);
  }
}
