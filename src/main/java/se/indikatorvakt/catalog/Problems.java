package se.indikatorvakt.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a load, so the author fixes the files in one round instead of one error at a time. */
final class Problems {
  private final List<CatalogProblem> found = new ArrayList<>();

  /** A number in a message as the author wrote it in YAML: 5 rather than 5.0. */
  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  void add(String kommun, String file, String entry, String field, String message) {
    found.add(new CatalogProblem(kommun, file, entry, field, message));
  }

  int count() {
    return found.size();
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  List<CatalogProblem> list() {
    return List.copyOf(found);
  }
}
