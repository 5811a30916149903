package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.notification.SendFailure.Kind;

class SendFailureTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("451 after DATA", smtp(451), Kind.TEMPORARY, true),
        Arguments.of("452 mailbox full", smtp(452), Kind.TEMPORARY, true),
        Arguments.of("550 no such user", smtp(550), Kind.PERMANENT, true),
        Arguments.of("535 bad credentials", smtp(535), Kind.PERMANENT, true),
        Arguments.of("421 closing", smtp(421), Kind.UNREACHABLE, false),
        Arguments.of("connection refused", new ConnectException("Connection refused"), Kind.UNREACHABLE, false),
        Arguments.of("send timeout", new TimeoutException("Timeout 1000 (ms) fired"), Kind.UNREACHABLE, false),
        Arguments.of("connection closed", new VertxException("Connection was closed", true), Kind.UNREACHABLE,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void onlyRefusalsByTheServerCountTowardsTheDeadLetterLimit(String what, Throwable error, Kind kind,
      boolean counts) {
    SendFailure failure = SendFailure.of(error);

    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.countsAsRejection()).isEqualTo(counts);
    assertThat(failure.detail()).doesNotContain("\n").hasSizeLessThanOrEqualTo(500);
  }

  private static SMTPException smtp(int code) {
    return new SMTPException("sending failed", code, List.of(code + " answer\r\nsecond line"), false);
  }
}
