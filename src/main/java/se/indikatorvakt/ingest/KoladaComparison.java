package se.indikatorvakt.ingest;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.Polarity;
import se.indikatorvakt.evaluation.Ranking;

/**
 * Kolada's values of every kommun, kept so that a "topp N" målvärde is judged by the place the kommun's value has
 * among every kommun in the data for that KPI, year and kön, ties shared as Kolada ranks ({@link Ranking}). Runs in
 * the import's transaction: the response's values replace the stored ones of the same key, then the places are
 * computed from everything stored, so that an import in several pages (Kolada pages at 5 000 values) ranks among
 * all of them. The order is the KPI's polarity: that of the catalog's indicators that measure the KPI itself (not
 * the rang indicators that hold its place).
 *
 * <p>Explicitly: a place needs the kommun's own value and at least one other kommun's in the data. Without that,
 * no place is written, and the rang indicator's target keeps judging the place posted for it, if one was; with no
 * posted place there is nothing to judge (no verdict, and "rapportering saknas" once the period's grace is over).
 */
final class KoladaComparison {
  /** Replaces each value of the same key: a re-import of Kolada's data is the newer publication. */
  static final String UPSERT = """
      INSERT INTO kolada_comparison (kpi, year, gender, municipality, value, imported_at)
      SELECT kpi, year, gender, municipality, value, $6
        FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::float8[])
             AS v(kpi, year, gender, municipality, value)
      ON CONFLICT (kpi, year, gender, municipality) DO UPDATE
         SET value = EXCLUDED.value, imported_at = EXCLUDED.imported_at""";

  static final String RANKED = """
      SELECT c.kpi, c.year, c.gender, c.municipality, c.value
        FROM kolada_comparison c
        JOIN unnest($1::text[], $2::int[], $3::text[]) AS k(kpi, year, gender)
          ON c.kpi = k.kpi AND c.year = k.year AND c.gender = k.gender""";

  private KoladaComparison() {}

  /** The places computed, as measurements, and the rang values that got none, with why. */
  record Placed(List<MeasurementInput> places, List<KoladaImport.Unmapped> notPlaced) {}

  /** Stores the comparison values, then gives each place of the mapping its value, or says why it has none. */
  static Future<Placed> storeAndPlace(SqlConnection tx, KoladaImport.Mapping mapping, Catalog catalog, Instant now) {
    return store(tx, mapping.comparison(), now).compose(v -> places(tx, mapping, catalog));
  }

  private static Future<Void> store(SqlConnection tx, List<KoladaImport.Comparison> values, Instant now) {
    if (values.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = values.size();
    String[] kpis = new String[n];
    Integer[] years = new Integer[n];
    String[] genders = new String[n];
    String[] municipalities = new String[n];
    Double[] numbers = new Double[n];
    for (int i = 0; i < n; i++) {
      KoladaImport.Comparison value = values.get(i);
      kpis[i] = value.kpi();
      years[i] = value.year();
      genders[i] = value.gender();
      municipalities[i] = value.municipality();
      numbers[i] = value.value();
    }
    return tx.preparedQuery(UPSERT).execute(Tuple.tuple().addArrayOfString(kpis).addArrayOfInteger(years)
            .addArrayOfString(genders).addArrayOfString(municipalities).addArrayOfDouble(numbers)
            .addOffsetDateTime(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
        .mapEmpty();
  }

  private static Future<Placed> places(SqlConnection tx, KoladaImport.Mapping mapping, Catalog catalog) {
    if (mapping.places().isEmpty()) {
      return Future.succeededFuture(new Placed(List.of(), List.of()));
    }
    Map<MeasurementInput, Key> keys = new LinkedHashMap<>();
    for (MeasurementInput place : mapping.places()) {
      keys.put(place, new Key(place.indicator().koladaKpi().orElseThrow(),
          Integer.parseInt(place.period().notation()), place.gender().code()));
    }
    List<Key> distinct = List.copyOf(new LinkedHashSet<>(keys.values()));
    Tuple params = Tuple.tuple()
        .addArrayOfString(distinct.stream().map(Key::kpi).toArray(String[]::new))
        .addArrayOfInteger(distinct.stream().map(Key::year).toArray(Integer[]::new))
        .addArrayOfString(distinct.stream().map(Key::gender).toArray(String[]::new));
    return tx.preparedQuery(RANKED).execute(params).map(rows -> {
      Map<Key, List<Ranking.Entry>> data = new LinkedHashMap<>();
      for (Row row : rows) {
        data.computeIfAbsent(new Key(row.getString("kpi"), row.getInteger("year"), row.getString("gender")),
            k -> new ArrayList<>()).add(new Ranking.Entry(row.getString("municipality"), row.getDouble("value")));
      }
      List<MeasurementInput> placed = new ArrayList<>();
      List<KoladaImport.Unmapped> notPlaced = new ArrayList<>();
      keys.forEach((place, key) -> {
        String municipality = catalog.kommunOf(place.orgUnit()).orElseThrow().code();
        Optional<Polarity> polarity = polarity(catalog, key.kpi());
        List<Ranking.Entry> entries = data.getOrDefault(key, List.of());
        OptionalInt rank = polarity.isEmpty() ? OptionalInt.empty()
            : Ranking.placeOf(municipality, entries, polarity.get());
        if (rank.isPresent()) {
          placed.add(new MeasurementInput(place.index(), place.pointer(), place.indicator(), place.orgUnit(),
              place.gender(), place.period(), rank.getAsInt(), place.observedAt(), place.comment(),
              place.reference()));
        } else {
          notPlaced.add(new KoladaImport.Unmapped(place.pointer(), key.kpi(), municipality, Integer.toString(key.year()),
              key.gender(), polarity.isEmpty()
                  ? "no place for " + place.indicator().id() + ": no indicator of the catalog measuring " + key.kpi()
                      + " says whether higher or lower is better"
                  : "no place for " + place.indicator().id() + ": the data for " + key.kpi() + " " + key.year()
                      + " holds no other kommun's value; a place posted for it still judges its målvärde"));
        }
      });
      return new Placed(List.copyOf(placed), List.copyOf(notPlaced));
    });
  }

  /** The one direction of the catalog's indicators that measure the KPI itself; none if they disagree or judge a band. */
  static Optional<Polarity> polarity(Catalog catalog, String kpi) {
    Set<Polarity> directions = new LinkedHashSet<>();
    for (Indicator indicator : catalog.byKoladaKpi(kpi)) {
      if (indicator.unit() != MeasurementUnit.RANG) {
        directions.add(indicator.polarity());
      }
    }
    return directions.size() == 1 && !directions.contains(Polarity.INSIDE_BAND)
        ? Optional.of(directions.iterator().next()) : Optional.empty();
  }

  private record Key(String kpi, int year, String gender) {}
}
