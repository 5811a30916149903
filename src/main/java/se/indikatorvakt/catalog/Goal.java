package se.indikatorvakt.catalog;

/** A goal (mål) that indicators follow up; its result is the roll-up of theirs. */
public record Goal(String id, String name, String description) {}
