package se.indikatorvakt.catalog;

import java.util.Objects;

/**
 * Where a catalog entry comes from, so a reader can check it: the seed document's file name and the first line of
 * the evidence in it.
 */
public record Source(String document, int line) {
  public Source {
    Objects.requireNonNull(document, "document");
    if (line < 1) {
      throw new IllegalArgumentException("line must be at least 1, got " + line);
    }
  }
}
