package se.indikatorvakt.catalog;

/** Levels of the organisation: förvaltning, verksamhetsområde, enhet. */
public enum OrgLevel {
  FORVALTNING,
  VERKSAMHETSOMRADE,
  ENHET
}
