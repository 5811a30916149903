package se.indikatorvakt.catalog;

import java.util.Optional;
import java.util.regex.Pattern;

/** The shapes of identifiers and addresses the catalog files must use. */
final class Slugs {
  static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  static final Pattern KOLADA_KPI = Pattern.compile("[A-Z]\\d{5}");
  static final Pattern KOLADA_MUNICIPALITY = Pattern.compile("\\d{4}");

  private Slugs() {}

  /** The id as a slug, or empty after reporting why it is not one. */
  static Optional<String> id(YamlMap map) {
    return map.requiredText("id").filter(id -> {
      boolean slug = SLUG.matcher(id).matches();
      if (!slug) {
        map.problem("id", "'" + id + "' is not a slug of lower-case letters, digits and single hyphens");
      }
      return slug;
    });
  }
}
