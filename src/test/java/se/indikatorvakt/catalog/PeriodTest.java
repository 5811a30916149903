package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PeriodTest {

  @ParameterizedTest(name = "{0} {1} = {2}..{3}")
  @CsvSource({
      "DAY,               2022-05-12,  2022-05-12, 2022-05-12",
      "DAY,               2024-02-29,  2024-02-29, 2024-02-29",
      "MONTH,             2022-05,     2022-05-01, 2022-05-31",
      "MONTH,             2024-02,     2024-02-01, 2024-02-29",
      "QUARTER,           2022-Q1,     2022-01-01, 2022-03-31",
      "QUARTER,           2022-Q4,     2022-10-01, 2022-12-31",
      "TERTIAL,           2022-T1,     2022-01-01, 2022-04-30",
      "TERTIAL,           2022-T2,     2022-05-01, 2022-08-31",
      "TERTIAL,           2022-T3,     2022-09-01, 2022-12-31",
      "INTERIM,           2022-D1,     2022-01-01, 2022-01-31",
      "INTERIM,           2022-D8,     2022-01-01, 2022-08-31",
      "INTERIM,           2022-D12,    2022-01-01, 2022-12-31",
      "HALF_YEAR,         2022-H1,     2022-01-01, 2022-06-30",
      "HALF_YEAR,         2022-H2,     2022-07-01, 2022-12-31",
      "YEAR,              2022,        2022-01-01, 2022-12-31",
      "ROLLING_12_MONTHS, 2022-05-R12, 2021-06-01, 2022-05-31",
      "ROLLING_12_MONTHS, 2023-12-R12, 2023-01-01, 2023-12-31",
      "ROLLING_12_MONTHS, 2024-02-R12, 2023-03-01, 2024-02-29",
  })
  void notationCoversExactlyItsDays(PeriodType type, String notation, LocalDate start, LocalDate end) {
    Period period = Period.parse(type, notation);

    assertThat(period.start()).isEqualTo(start);
    assertThat(period.end()).isEqualTo(end);
    assertThat(period.endExclusive()).isEqualTo(end.plusDays(1));
    assertThat(period.notation()).isEqualTo(notation);
    assertThat(period).hasToString(notation);
  }

  @ParameterizedTest(name = "{0} ''{1}''")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "TERTIAL           | 2022-T4    | expected a tertial like 2022-T1, got '2022-T4'",
      "TERTIAL           | 2022-Q1    | expected a tertial like 2022-T1, got '2022-Q1'",
      "QUARTER           | 2022-Q5    | expected a quarter like 2022-Q1, got '2022-Q5'",
      "INTERIM           | 2022-D13   | expected an interim period like 2022-D8, got '2022-D13'",
      "INTERIM           | 2022-D0    | expected an interim period like 2022-D8, got '2022-D0'",
      "HALF_YEAR         | 2022-H3    | expected a half-year like 2022-H1, got '2022-H3'",
      "MONTH             | 2022-5     | expected a month like 2022-05, got '2022-5'",
      "MONTH             | 2022-13    | expected a month like 2022-05, got '2022-13', which is not a date in the calendar",
      "DAY               | 2022-02-29 | expected a day like 2022-05-12, got '2022-02-29', which is not a date in the calendar",
      "DAY               | 2022-05    | expected a day like 2022-05-12, got '2022-05'",
      "YEAR              | 22         | expected a year like 2022, got '22'",
      "YEAR              | \" 2022\"    | expected a year like 2022, got ' 2022'",
      "ROLLING_12_MONTHS | 2022-05    | expected a rolling 12 months like 2022-05-R12, got '2022-05'",
  })
  void malformedNotationIsRejectedNamingTheExpectedOne(PeriodType type, String notation, String message) {
    assertThatThrownBy(() -> Period.parse(type, notation))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void missingNotationIsRejected() {
    assertThatThrownBy(() -> Period.parse(PeriodType.TERTIAL, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a tertial like 2022-T1, got nothing");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "2022-05-12,  DAY",
      "2022-05,     MONTH",
      "2022-Q2,     QUARTER",
      "2022-T2,     TERTIAL",
      "2022-D8,     INTERIM",
      "2022-H1,     HALF_YEAR",
      "2022,        YEAR",
      "2022-05-R12, ROLLING_12_MONTHS",
  })
  void typeIsDetectedFromTheNotation(String notation, PeriodType type) {
    assertThat(Period.detectType(notation)).contains(type);
  }

  @ParameterizedTest
  @CsvSource({"2022-T4", "2022-13", "2022-02-30", "2022-D13", "T1-2022", "2022-t1", "'2022 '", "''"})
  void noTypeIsDetectedForWhatIsNoPeriod(String notation) {
    assertThat(Period.detectType(notation)).isEmpty();
  }

  @Test
  void noTypeIsDetectedForNothing() {
    assertThat(Period.detectType(null)).isEmpty();
  }

  @ParameterizedTest(name = "{0} of {1} is {2}")
  @CsvSource({
      "DAY,               2022-05-12, 2022-05-12",
      "MONTH,             2022-05-12, 2022-05",
      "QUARTER,           2022-03-31, 2022-Q1",
      "QUARTER,           2022-04-01, 2022-Q2",
      "TERTIAL,           2022-04-30, 2022-T1",
      "TERTIAL,           2022-05-01, 2022-T2",
      "TERTIAL,           2022-08-31, 2022-T2",
      "TERTIAL,           2022-09-01, 2022-T3",
      "TERTIAL,           2022-12-31, 2022-T3",
      "INTERIM,           2022-08-15, 2022-D8",
      "INTERIM,           2022-01-01, 2022-D1",
      "HALF_YEAR,         2022-06-30, 2022-H1",
      "HALF_YEAR,         2022-07-01, 2022-H2",
      "YEAR,              2022-12-31, 2022",
      "ROLLING_12_MONTHS, 2022-05-31, 2022-05-R12",
  })
  void containingFindsThePeriodOfTheDay(PeriodType type, LocalDate day, String notation) {
    Period period = Period.containing(type, day);

    assertThat(period.notation()).isEqualTo(notation);
    assertThat(period.contains(day)).isTrue();
  }

  /** containing builds its period without parsing; every day of a leap year and the next names what parse reads. */
  @ParameterizedTest
  @EnumSource(PeriodType.class)
  void containingIsThePeriodItsNotationNames(PeriodType type) {
    for (LocalDate day = LocalDate.of(2023, 12, 1); day.isBefore(LocalDate.of(2025, 2, 1)); day = day.plusDays(1)) {
      Period period = Period.containing(type, day);

      assertThat(period).as("%s of %s", type, day).isEqualTo(Period.parse(type, period.notation()));
      assertThat(period.contains(day)).as("%s of %s", type, day).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}: {2} <- {1} -> {3}")
  @CsvSource({
      "DAY,               2022-01-01,  2021-12-31,  2022-01-02",
      "DAY,               2024-02-29,  2024-02-28,  2024-03-01",
      "MONTH,             2022-01,     2021-12,     2022-02",
      "MONTH,             2022-12,     2022-11,     2023-01",
      "QUARTER,           2022-Q1,     2021-Q4,     2022-Q2",
      "QUARTER,           2022-Q4,     2022-Q3,     2023-Q1",
      "TERTIAL,           2022-T1,     2021-T3,     2022-T2",
      "TERTIAL,           2022-T2,     2022-T1,     2022-T3",
      "TERTIAL,           2022-T3,     2022-T2,     2023-T1",
      "INTERIM,           2022-D8,     2022-D7,     2022-D9",
      "INTERIM,           2022-D1,     2021-D12,    2022-D2",
      "INTERIM,           2022-D12,    2022-D11,    2023-D1",
      "HALF_YEAR,         2022-H1,     2021-H2,     2022-H2",
      "HALF_YEAR,         2022-H2,     2022-H1,     2023-H1",
      "YEAR,              2022,        2021,        2023",
      "ROLLING_12_MONTHS, 2022-05-R12, 2022-04-R12, 2022-06-R12",
      "ROLLING_12_MONTHS, 2022-01-R12, 2021-12-R12, 2022-02-R12",
      "ROLLING_12_MONTHS, 2022-12-R12, 2022-11-R12, 2023-01-R12",
  })
  void previousAndNextStepOnePeriodAcrossYearBoundaries(PeriodType type, String notation, String previous,
      String next) {
    Period period = Period.parse(type, notation);

    assertThat(period.previous().notation()).isEqualTo(previous);
    assertThat(period.next().notation()).isEqualTo(next);
    assertThat(period.previous().next()).isEqualTo(period);
    assertThat(period.next().previous()).isEqualTo(period);
  }

  @ParameterizedTest
  @EnumSource(value = PeriodType.class, names = {"INTERIM", "ROLLING_12_MONTHS"}, mode = EnumSource.Mode.EXCLUDE)
  void consecutivePeriodsOfSeparateTypesLeaveNoGap(PeriodType type) {
    Period period = Period.containing(type, LocalDate.of(2021, 11, 15));
    for (int i = 0; i < 30; i++) {
      Period next = period.next();
      assertThat(next.start()).isEqualTo(period.endExclusive());
      period = next;
    }
  }

  @ParameterizedTest(name = "{0} {1} reads \"{2}\"")
  @CsvSource({
      "DAY,               2022-05-12,  12 maj 2022",
      "MONTH,             2022-05,     maj 2022",
      "MONTH,             2022-01,     januari 2022",
      "MONTH,             2022-03,     mars 2022",
      "MONTH,             2022-10,     oktober 2022",
      "QUARTER,           2022-Q1,     kvartal 1 2022",
      "QUARTER,           2022-Q4,     kvartal 4 2022",
      "TERTIAL,           2022-T1,     tertial 1 2022",
      "TERTIAL,           2022-T3,     tertial 3 2022",
      "INTERIM,           2022-D8,     delår jan–aug 2022",
      "INTERIM,           2022-D4,     delår jan–apr 2022",
      "INTERIM,           2022-D12,    delår jan–dec 2022",
      "INTERIM,           2022-D1,     delår jan 2022",
      "HALF_YEAR,         2022-H2,     halvår 2 2022",
      "YEAR,              2022,        2022",
      "ROLLING_12_MONTHS, 2022-05-R12, rullande 12 mån t.o.m. maj 2022",
      "ROLLING_12_MONTHS, 2023-08-R12, rullande 12 mån t.o.m. augusti 2023",
  })
  void swedishLabelIsWhatAManagerReads(PeriodType type, String notation, String label) {
    assertThat(Period.parse(type, notation).swedishLabel()).isEqualTo(label);
  }

  @Test
  void rollingTwelveMonthsBelongToTheYearOfTheirLastMonth() {
    Period period = Period.parse(PeriodType.ROLLING_12_MONTHS, "2022-05-R12");

    assertThat(period.year()).isEqualTo(2022);
    assertThat(period.contains(LocalDate.of(2021, 6, 1))).isTrue();
    assertThat(period.contains(LocalDate.of(2021, 5, 31))).isFalse();
    assertThat(period.contains(LocalDate.of(2022, 6, 1))).isFalse();
  }

  @Test
  void aPeriodCannotEndBeforeItStarts() {
    assertThatThrownBy(() -> new Period(PeriodType.DAY, LocalDate.of(2022, 5, 2), LocalDate.of(2022, 5, 1),
        "2022-05-02")).isInstanceOf(IllegalArgumentException.class);
  }
}
