package se.indikatorvakt.evaluation;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/**
 * Whether a value got better or worse than the previous period's, judged by the indicator's polarity. The arrow
 * shown next to it is the direction of the value itself ({@link #arrow}: ↗ means the value rose), so a falling
 * väntetid reads "bättre ↘": the two answer different questions and are never derived from each other.
 */
public enum Trend implements Coded {
  BETTER("better", "bättre"),
  UNCHANGED("unchanged", "oförändrad"),
  WORSE("worse", "sämre");

  private final String code;
  private final String swedish;

  Trend(String code, String swedish) {
    this.code = code;
    this.swedish = swedish;
  }

  /** The spelling in the database and the API: better, unchanged, worse. */
  @Override
  public String code() {
    return code;
  }

  public static Optional<Trend> fromCode(String code) {
    return Codes.find(Trend.class, code);
  }

  public String swedish() {
    return swedish;
  }

  /** "↗" when the value rose since the previous one, "↘" when it fell, "→" when it stayed. */
  public static String arrow(double value, double previous) {
    int direction = Double.compare(value, previous);
    return direction > 0 ? "↗" : direction < 0 ? "↘" : "→";
  }
}
