package se.indikatorvakt.ingest;

import se.indikatorvakt.catalog.Gender;

/** What makes a value unique: one current value per indicator, org unit, kön and period. */
public record MeasurementKey(String indicator, String orgUnit, Gender gender, String period) {}
