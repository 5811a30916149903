package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The NOTIFY of new outbox rows names their kommuner, so that a sender claims there without first asking which
 * kommuner have rows due; any payload it cannot read as such asks for the full look-up, so no email waits for the
 * safety-net timer.
 */
class OutboxWakeTest {

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0880           | 0880",
      "0880,1280,1484 | 0880 1280 1484",
      "''             | every due kommun",
      "0880,          | every due kommun",
      "088            | every due kommun",
      "0880,x         | every due kommun",
      "0880;1280      | every due kommun",
  })
  void thePayloadNamesTheKommunerToClaimIn(String payload, String expected) {
    Optional<List<String>> named = OutboxRepository.kommunerOf(payload == null ? "" : payload);

    assertThat(named.map(codes -> String.join(" ", codes)).orElse("every due kommun")).isEqualTo(expected);
  }
}
