package se.indikatorvakt.ingest;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** What storing one measurement did to the current value of its key (indicator, orgUnit, gender, period). */
public enum Change implements Coded {
  CREATED("created"),
  REVISED("revised"),
  UNCHANGED("unchanged");

  private final String code;

  Change(String code) {
    this.code = code;
  }

  /** The spelling in the API's answer and the accepted-measurements metric: created, revised, unchanged. */
  @Override
  public String code() {
    return code;
  }

  public static Optional<Change> fromCode(String code) {
    return Codes.find(Change.class, code);
  }
}
