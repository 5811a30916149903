package se.indikatorvakt.proof;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads a /metrics page in the Prometheus text format. */
final class PrometheusText {
  private PrometheusText() {}

  /**
   * The samples of every gauge family that carries an {@code indicator} label: the values every
   * instance must agree on, whichever one Prometheus scrapes. Key: the sample's name and labels.
   */
  static Map<String, String> indicatorGauges(String page) {
    Set<String> gauges = new HashSet<>();
    Map<String, String> samples = new TreeMap<>();
    for (String line : page.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        if (parts.length >= 4 && parts[3].equals("gauge")) {
          gauges.add(parts[2]);
        }
      } else if (!line.startsWith("#") && !line.isBlank()) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        String name = brace > 0 ? line.substring(0, brace) : line.substring(0, Math.max(0, space));
        if (gauges.contains(name) && line.contains("indicator=\"")) {
          samples.put(line.substring(0, space), line.substring(space + 1));
        }
      }
    }
    return samples;
  }
}
