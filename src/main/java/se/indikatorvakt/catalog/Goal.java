package se.indikatorvakt.catalog;

import java.util.Objects;

/** A goal (mål) that indicators follow up; its result is the roll-up of theirs by the goal's own rule. */
public record Goal(String id, String name, String description, RollupRule rollup) {
  public Goal {
    Objects.requireNonNull(rollup, "rollup");
  }

  /** A goal of the one-period catalog format, which knows only the rule "all". */
  public Goal(String id, String name, String description) {
    this(id, name, description, new RollupRule.All());
  }
}
