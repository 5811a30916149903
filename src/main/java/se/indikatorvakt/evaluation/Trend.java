package se.indikatorvakt.evaluation;

/**
 * Whether a value got better or worse than the previous period's, judged by the indicator's polarity. The arrow
 * shown next to it is the direction of the value itself ({@link #arrow}: ↗ means the value rose), so a falling
 * väntetid reads "bättre ↘": the two answer different questions and are never derived from each other.
 */
public enum Trend {
  BETTER("bättre"),
  UNCHANGED("oförändrad"),
  WORSE("sämre");

  private final String swedish;

  Trend(String swedish) {
    this.swedish = swedish;
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
