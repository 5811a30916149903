package se.indikatorvakt.catalog;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** Levels of the organisation: förvaltning, verksamhetsområde, enhet. */
public enum OrgLevel implements Coded {
  FORVALTNING("forvaltning"),
  VERKSAMHETSOMRADE("verksamhetsomrade"),
  ENHET("enhet");

  private final String code;

  OrgLevel(String code) {
    this.code = code;
  }

  /** The spelling in organisation.yaml, the API and the metric labels. */
  @Override
  public String code() {
    return code;
  }

  public static Optional<OrgLevel> fromCode(String code) {
    return Codes.find(OrgLevel.class, code);
  }
}
