package se.indikatorvakt.notification;

/** A stored value of the series an email is about, for its trend table. */
record HistoryPoint(String period, double value, String result) {}
