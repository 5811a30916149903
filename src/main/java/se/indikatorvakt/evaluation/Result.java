package se.indikatorvakt.evaluation;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** The verdict on a value against its målvärde, in the words the nämnder use. */
public enum Result implements Coded {
  UPPFYLLT("uppfyllt", 2, "met"),
  DELVIS_UPPFYLLT("delvis uppfyllt", 1, "partly-met"),
  EJ_UPPFYLLT("ej uppfyllt", 0, "not-met"),
  INGET_MAL("inget mål", -1, "no-target");

  private final String swedish;
  private final int score;
  private final String code;

  Result(String swedish, int score, String code) {
    this.swedish = swedish;
    this.score = score;
    this.code = code;
  }

  public String swedish() {
    return swedish;
  }

  /** The metric value: higher is better, so a dashboard can colour by threshold; -1 keeps "inget mål" apart. */
  public int score() {
    return score;
  }

  /** The spelling in the database, the API, the metrics and the dashboards: met, partly-met, not-met, no-target. */
  @Override
  public String code() {
    return code;
  }

  public static Optional<Result> fromCode(String code) {
    return Codes.find(Result.class, code);
  }
}
