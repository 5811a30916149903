package se.indikatorvakt.notification;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an outbox row is: waiting (pending), claimed by an instance (sending), delivered (sent), given up (dead), or
 * held back by the daily cap for the recipient's digest (folded), or not sent because what it said was no longer
 * true when it was claimed (dropped).
 */
public enum OutboxState {
  PENDING, SENDING, SENT, DEAD, FOLDED, DROPPED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OutboxState> fromCode(String code) {
    for (OutboxState state : values()) {
      if (state.code().equals(code)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
