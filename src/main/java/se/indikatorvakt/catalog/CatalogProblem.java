package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One thing wrong in the catalog files, located so the author can find it.
 *
 * @param kommun the code of the kommun whose files it is in; empty for the national definitions
 * @param file the file relative to the configuration folder, e.g. "kommuner/0880-kalmar/organisation.yaml"
 * @param entry the item in the file, e.g. "indicator 'vantetid-lss'"; empty for the file as a whole
 * @param field the field within the entry, e.g. "targets[1].min"; empty for the entry as a whole
 */
public record CatalogProblem(String kommun, String file, String entry, String field, String message) {

  public CatalogProblem {
    Objects.requireNonNull(kommun, "kommun");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /**
   * E.g. {@code kommun 0880: kommuner/0880-kalmar/indicators/catalog.yaml: indicator 'vantetid-lss' field
   * targets[1].min: band min 5 is greater than max 3}.
   */
  @Override
  public String toString() {
    String where = Stream.of(entry, field.isEmpty() ? "" : "field " + field)
        .filter(part -> !part.isEmpty())
        .collect(Collectors.joining(" "));
    return (kommun.isEmpty() ? "" : "kommun " + kommun + ": ") + file + ": " + (where.isEmpty() ? "" : where + ": ")
        + message;
  }
}
