package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Once a breach's email is claimed, what it needs before it can go out (how its alert stands now, a daily-cap slot,
 * the series' trend table) is asked in one flight, so the email waits for one more round trip to PostgreSQL, not
 * for three one after another. Every reply of the real PostgreSQL reaches the service {@link #LATENCY} late (a
 * relay in between); the claim's commit is seen by a listener of its own, and the email's first SMTP command at a
 * relay in front of GreenMail. The claim's own reply and the one flight make two latencies; three questions one
 * after another would make four. The flight leaves on the claim statement's answer, which comes just before its
 * commit's (seen by the listener), so the two latencies are counted from a moment a little after they began.
 */
class OneFlightAfterClaimTest {
  private static final Duration LATENCY = Duration.ofMillis(400);

  @Test
  void aClaimedEmailGoesOutOneRoundTripAfterItsClaimsReply() throws Exception {
    try (RelayedSender sender = RelayedSender.start(2)) {
      sender.database().replyLatency(LATENCY);
      Duration claimToSmtp = sender.claimToFirstSmtpCommand(1, "second");

      assertThat(sender.mailbox().received()).hasSize(2);
      assertThat(claimToSmtp).as("from the claim's commit to the email's first SMTP command, with every reply of"
          + " PostgreSQL %s late", LATENCY).isGreaterThanOrEqualTo(LATENCY.multipliedBy(7).dividedBy(4))
          .isLessThan(LATENCY.multipliedBy(3));
    }
  }
}
