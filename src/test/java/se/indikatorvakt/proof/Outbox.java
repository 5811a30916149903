package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the notification module's outbox table says, read over JDBC, and the check that ties it to
 * what the SMTP server received. An outbox row is one alert's notice; one email carries every row that
 * was due for its recipient when it was sent (after an outage, a manager gets one email listing the
 * backlog, not a storm), and its Message-ID is derived from those rows, so a resent email shows up as
 * the same Message-ID twice.
 */
final class Outbox {
  private static final String ROWS = "SELECT count(*) FROM outbox";
  private static final String IN_STATE = "SELECT count(*) FROM outbox WHERE state = ?";
  private static final String UNFINISHED = "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')";
  /** Claims that never recorded an outcome: the instance holding them died, another one sent the row later. */
  private static final String TAKEN_OVER = "SELECT count(*) FROM outbox o WHERE o.state = 'sent' AND o.attempts > "
      + "(SELECT count(*) FROM notification_attempt a WHERE a.outbox_id = o.id)";

  private Outbox() {}

  static long rows(ProofDb db) {
    return db.count(ROWS);
  }

  static long pending(ProofDb db) {
    return db.count(UNFINISHED);
  }

  static long delivered(ProofDb db) {
    return db.count(IN_STATE, "sent");
  }

  static long dead(ProofDb db) {
    return db.count(IN_STATE, "dead");
  }

  /** Every row's state, for a failure message. */
  static String describe(ProofDb db) {
    return db.rows("SELECT id, recipient, state, attempts, rejections, last_outcome, next_attempt_at, lease_until, "
        + "sent_at FROM outbox ORDER BY id").toString();
  }

  /** Waits as {@link se.indikatorvakt.support.Http#await} does, and shows the outbox if the wait fails. */
  static void await(ProofDb db, String what, java.time.Duration timeout, java.util.function.BooleanSupplier condition) {
    try {
      se.indikatorvakt.support.Http.await(what, timeout, condition);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; outbox: " + describe(db), e);
    }
  }

  /**
   * Every row sent, in exactly one email that arrived exactly once; the rows per recipient are the
   * alerts the test expects for that recipient.
   */
  static void assertEveryRowDeliveredExactlyOnce(ProofDb db, MimeMessage[] received,
      Map<String, Long> expectedRowsPerRecipient) {
    List<String> messageIds = Arrays.stream(received).map(Outbox::messageId).toList();
    assertThat(messageIds).as("no email arrived twice").doesNotHaveDuplicates();
    assertThat(db.count("SELECT count(*) FROM outbox WHERE state <> 'sent'")).as("rows not sent: %s", describe(db))
        .isZero();
    Set<String> sentIds = db.rows("SELECT DISTINCT message_id FROM outbox").stream()
        .map(row -> strip((String) row.get("message_id"))).collect(Collectors.toSet());
    assertThat(Set.copyOf(messageIds)).as("the emails that arrived are exactly those the outbox records as sent")
        .isEqualTo(sentIds);
    Map<String, Long> rowsPerRecipient = db.rows("SELECT recipient, count(*) AS n FROM outbox GROUP BY recipient")
        .stream().collect(Collectors.toMap(row -> (String) row.get("recipient"),
            row -> ((Number) row.get("n")).longValue(), Long::sum, TreeMap::new));
    assertThat(rowsPerRecipient).as("one notice per breaching series, to its unit's manager")
        .isEqualTo(expectedRowsPerRecipient);
  }

  private static String messageId(MimeMessage message) {
    try {
      return strip(message.getMessageID());
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String strip(String messageId) {
    return messageId == null ? "" : messageId.replaceAll("[<>\\s]", "");
  }

  static long takenOver(ProofDb db) {
    return db.count(TAKEN_OVER);
  }
}
