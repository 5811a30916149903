package se.indikatorvakt.catalog;

import java.util.Optional;

/**
 * A goal (mål) that indicators follow up; its result is the roll-up of theirs.
 *
 * @param rollup how the goal's result follows from its indicators' (all, share, count, judgement)
 */
public record Goal(String id, String name, String description, GoalRollup rollup, Optional<Source> source) {}
