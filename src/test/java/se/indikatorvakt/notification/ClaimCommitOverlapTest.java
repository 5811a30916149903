package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The claim's commit is durable and can take longer than its statement (the disk, other commits before it in the
 * log). What the email needs next (how its alert stands now, a daily-cap slot, the trend table) is asked as soon as
 * the claim's statement has answered, while its commit is still on its way, and the email still goes out only after
 * that commit. Every answer to COMMIT of the real PostgreSQL reaches the service {@link #LATENCY} late (a relay in
 * between); the claim's commit is seen by a listener of its own, and the email's first SMTP command at a relay in
 * front of GreenMail.
 */
class ClaimCommitOverlapTest {
  private static final Duration LATENCY = Duration.ofMillis(400);

  @Test
  void whatAClaimedEmailNeedsIsReadWhileTheClaimCommitsAndTheEmailWaitsForThatCommit() throws Exception {
    try (RelayedSender sender = RelayedSender.start(3)) {
      // every commit late: the claim's and those of the questions after it overlap, so the email waits for one
      // late commit, not for the claim's and then for the questions' one after the other
      sender.database().commitLatency(LATENCY);
      assertThat(sender.claimToFirstSmtpCommand(1, "second")).as("from the claim's commit to the email's first SMTP"
          + " command, with every answer to COMMIT %s late", LATENCY)
          .isGreaterThanOrEqualTo(LATENCY.multipliedBy(3).dividedBy(4))
          .isLessThan(LATENCY.multipliedBy(3).dividedBy(2));

      // only the claim's commit late (the one transaction that answers UPDATE): the email waits for it
      sender.database().commitLatencyAfterUpdates(LATENCY);
      assertThat(sender.claimToFirstSmtpCommand(2, "third")).as("from the claim's commit to the email's first SMTP"
          + " command, with the answer to the claim's COMMIT %s late", LATENCY)
          .isGreaterThanOrEqualTo(LATENCY.multipliedBy(9).dividedBy(10))
          .isLessThan(LATENCY.multipliedBy(3).dividedBy(2));
      assertThat(sender.mailbox().received()).hasSize(3);
    }
  }
}
