package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One thing wrong in the catalog files, located so the author can find it.
 *
 * @param entry the item in the file, e.g. "indicator 'vantetid-lss'"; empty for the file as a whole
 * @param field the field within the entry, e.g. "targets[1].min"; empty for the entry as a whole
 */
public record CatalogProblem(String file, String entry, String field, String message) {

  public CatalogProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** E.g. {@code indicators.yaml: indicator 'vantetid-lss' field targets[1].min: band min 5 is greater than max 3}. */
  @Override
  public String toString() {
    String where = Stream.of(entry, field.isEmpty() ? "" : "field " + field)
        .filter(part -> !part.isEmpty())
        .collect(Collectors.joining(" "));
    return file + ": " + (where.isEmpty() ? "" : where + ": ") + message;
  }
}
