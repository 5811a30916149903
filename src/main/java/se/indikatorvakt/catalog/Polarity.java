package se.indikatorvakt.catalog;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** Which way is good for an indicator; data per indicator because it is not obvious (more avvikelser can be good). */
public enum Polarity implements Coded {
  LOWER_IS_BETTER("lower-is-better"),
  HIGHER_IS_BETTER("higher-is-better"),
  /** Only meaningful together with band targets: the value should stay between two lines. */
  INSIDE_BAND("inside-band");

  private final String code;

  Polarity(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<Polarity> fromCode(String code) {
    return Codes.find(Polarity.class, code);
  }
}
