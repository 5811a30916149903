package se.indikatorvakt.alerting;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an episode of a series stands. {@code INACTIVE} is both "no open alert" and the end of a pending episode that
 * cleared before it fired; {@code RESOLVED} ends an episode that fired.
 */
public enum AlertState {
  INACTIVE, PENDING, FIRING, RESOLVED;

  /** The spelling in the database, the API and the metrics: inactive, pending, firing, resolved. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean open() {
    return this == PENDING || this == FIRING;
  }

  public static Optional<AlertState> fromCode(String code) {
    for (AlertState state : values()) {
      if (state.code().equals(code)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
