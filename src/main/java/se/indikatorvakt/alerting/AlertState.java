package se.indikatorvakt.alerting;

import java.util.Locale;
import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/**
 * Where an episode of a series stands. {@code INACTIVE} is both "no open alert" and the end of a pending episode that
 * cleared before it fired; {@code RESOLVED} ends an episode that fired.
 */
public enum AlertState implements Coded {
  INACTIVE, PENDING, FIRING, RESOLVED;

  /** The spelling in the database, the API and the metrics: inactive, pending, firing, resolved. */
  @Override
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean open() {
    return this == PENDING || this == FIRING;
  }

  public static Optional<AlertState> fromCode(String code) {
    return Codes.find(AlertState.class, code);
  }
}
