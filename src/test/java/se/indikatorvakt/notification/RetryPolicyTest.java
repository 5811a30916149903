package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
  private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1), 8,
      Duration.ofDays(2));

  @ParameterizedTest(name = "after attempt {0} with random {1}: {2} ms")
  @CsvSource({
      "1, 0.5, 5000",
      "2, 0.5, 10000",
      "3, 0.5, 20000",
      "4, 0.5, 40000",
      "5, 0.5, 60000",
      "40, 0.5, 60000",
      "1, 0.0, 3750",
      "1, 0.999999, 6250",
      "5, 0.0, 45000",
      "5, 0.999999, 75000"})
  void theDelayDoublesUpToTheMaximumSpreadByAQuarterEitherWay(int attempts, double random, long millis) {
    assertThat(POLICY.delayAfter(attempts, random).toMillis()).isEqualTo(millis);
  }

  @Test
  void aMessageIsGivenUpWhenItWasQueuedLongerAgoThanGiveUpAfter() {
    Instant now = Instant.parse("2024-03-10T12:00:00Z");

    assertThat(POLICY.giveUpQueuedBefore(now)).isEqualTo(Instant.parse("2024-03-08T12:00:00Z"));
  }
}
