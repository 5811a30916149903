package se.indikatorvakt.alerting;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** What an alert is about: a value that breaches its målvärde, or a period nobody reported. */
public enum AlertKind implements Coded {
  BREACH("breach"),
  MISSING_REPORT("missing-report");

  private final String code;

  AlertKind(String code) {
    this.code = code;
  }

  /** The spelling in {@code alert.kind} and the API. */
  @Override
  public String code() {
    return code;
  }

  public static Optional<AlertKind> fromCode(String code) {
    return Codes.find(AlertKind.class, code);
  }
}
