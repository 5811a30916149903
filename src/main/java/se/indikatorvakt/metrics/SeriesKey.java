package se.indikatorvakt.metrics;

/** A series: one indicator in one org unit for one kön. */
record SeriesKey(String indicator, String orgUnit, String gender) {}
