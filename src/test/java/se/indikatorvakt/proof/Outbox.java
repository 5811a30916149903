package se.indikatorvakt.proof;

/** What the notification module's outbox table says, read over JDBC. */
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

  static long takenOver(ProofDb db) {
    return db.count(TAKEN_OVER);
  }
}
