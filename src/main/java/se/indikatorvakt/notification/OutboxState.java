package se.indikatorvakt.notification;

import java.util.Locale;
import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/**
 * Where an outbox row is: waiting (pending), claimed by an instance (sending), delivered (sent), given up (dead), or
 * held back by the daily cap for the recipient's digest (folded), or not sent because what it said was no longer
 * true when it was claimed (dropped).
 */
public enum OutboxState implements Coded {
  PENDING, SENDING, SENT, DEAD, FOLDED, DROPPED;

  @Override
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OutboxState> fromCode(String code) {
    return Codes.find(OutboxState.class, code);
  }
}
