package se.indikatorvakt.ingest;

/** What storing one measurement did to the current value of its key (indicator, orgUnit, gender, period). */
public enum Change { CREATED, REVISED, UNCHANGED }
