package se.indikatorvakt.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Bounds the labels Vert.x puts on its HTTP meters, so that nothing a client sends grows the exposition: a method
 * that is not one of HTTP's standard nine becomes {@code other}, and the route becomes the template of the route
 * that handled the request ({@code /api/v1/alerts/:id}) or {@code unmatched}.
 *
 * <p>Vert.x labels the route with the name of every route the request passed, joined by {@code >}: the mount
 * point's gates ({@code /api/v1/}), the handler's route ({@code /measurements}), and the mount point again when a
 * failure handler ran ({@code /api/v1/>/api/v1/>/measurements>/api/v1/}). Names are route paths, never request
 * paths; the template is the mount point followed by the last route that is not itself a mount point.
 */
final class HttpLabels implements MeterFilter {
  static final String OTHER_METHOD = "other";
  static final String UNMATCHED_ROUTE = "unmatched";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");
  private static final String PREFIX = "vertx.http.";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith(PREFIX)) {
      return id;
    }
    String method = id.getTag("method");
    String route = id.getTag("route");
    if (method == null && route == null) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    for (Tag tag : id.getTagsAsIterable()) {
      tags.add(switch (tag.getKey()) {
        case "method" -> Tag.of("method", method(tag.getValue()));
        case "route" -> Tag.of("route", route(tag.getValue()));
        default -> tag;
      });
    }
    return id.replaceTags(tags);
  }

  static String method(String method) {
    return METHODS.contains(method) ? method : OTHER_METHOD;
  }

  static String route(String label) {
    if (label == null || label.isEmpty()) {
      return UNMATCHED_ROUTE;
    }
    String[] names = label.split(">");
    String leaf = null;
    for (String name : names) {
      if (!isMountPoint(name)) {
        leaf = name;
      }
    }
    if (leaf == null || !leaf.startsWith("/")) {
      return UNMATCHED_ROUTE;
    }
    String mount = isMountPoint(names[0]) ? names[0].substring(0, names[0].length() - 1) : "";
    return mount + leaf;
  }

  private static boolean isMountPoint(String name) {
    return name.endsWith("/");
  }
}
