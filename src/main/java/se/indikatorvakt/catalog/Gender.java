package se.indikatorvakt.catalog;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** Kön as Kolada codes it: T totalt, K kvinnor, M män. */
public enum Gender implements Coded {
  T,
  K,
  M;

  /** Kolada's letter, which is also the spelling in the database, the API and the metric labels. */
  @Override
  public String code() {
    return name();
  }

  public static Optional<Gender> fromCode(String code) {
    return Codes.find(Gender.class, code);
  }
}
