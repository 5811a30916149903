package se.indikatorvakt.catalog;

/** Kön as Kolada codes it: T totalt, K kvinnor, M män. */
public enum Gender {
  T,
  K,
  M
}
