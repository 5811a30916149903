package se.indikatorvakt.text;

/**
 * An enum constant with one fixed spelling wherever it leaves the JVM: the database, the API, the metrics, the catalog
 * and the snapshots of queued emails. The code is not the constant's name, so renaming a constant changes no stored
 * value.
 */
public interface Coded {
  String code();
}
