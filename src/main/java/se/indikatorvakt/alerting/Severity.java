package se.indikatorvakt.alerting;

import java.util.Locale;
import java.util.Optional;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** How bad an alert is: delvis uppfyllt is a warning, ej uppfyllt is critical; a missing report is its own kind. */
public enum Severity implements Coded {
  WARNING, CRITICAL, MISSING_REPORT;

  /** The spelling in the database, the API and the metrics: warning, critical, missing-report. */
  @Override
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The severity a result breaches with; empty for uppfyllt and inget mål, which breach nothing. */
  public static Optional<Severity> of(Result result) {
    return switch (result) {
      case DELVIS_UPPFYLLT -> Optional.of(WARNING);
      case EJ_UPPFYLLT -> Optional.of(CRITICAL);
      case UPPFYLLT, INGET_MAL -> Optional.empty();
    };
  }

  public static Optional<Severity> fromCode(String code) {
    return Codes.find(Severity.class, code);
  }
}
