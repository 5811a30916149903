package se.indikatorvakt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, read from the imports of src/main/java: packages form no cycle (the root package, which
 * assembles everything, aside), no package outside http imports http, no module reaches into the root, and the
 * neutral helpers import nothing of ours.
 */
class PackageGraphTest {
  private static final String ROOT = "se.indikatorvakt";
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?(se\\.indikatorvakt(?:\\.[a-z]\\w*)*)\\.(?:[A-Z*]|\\w+\\.)",
          Pattern.MULTILINE);

  /** package -> imported package -> the files that import it. */
  private static final Map<String, Map<String, Set<String>>> GRAPH = read();

  @Test
  void noCycleBetweenPackages() {
    List<Set<String>> cycles = stronglyConnected().stream().filter(component -> component.size() > 1).toList();
    assertThat(cycles).as("package cycles, each with its edges:\n%s", describe(cycles)).isEmpty();
  }

  @Test
  void onlyHttpImportsHttp() {
    List<String> offences = new ArrayList<>();
    GRAPH.forEach((from, edges) -> edges.forEach((to, files) -> {
      if (!isHttp(from) && !from.equals(ROOT) && isHttp(to)) {
        offences.add(from + " -> " + to + " in " + files);
      }
    }));
    assertThat(offences).as("domain packages importing http").isEmpty();
  }

  @Test
  void onlyTheRootImportsTheRoot() {
    List<String> offences = new ArrayList<>();
    GRAPH.forEach((from, edges) -> {
      if (edges.containsKey(ROOT)) {
        offences.add(from + " -> " + ROOT + " in " + edges.get(ROOT));
      }
    });
    assertThat(offences).as("modules reaching into the root package that assembles them").isEmpty();
  }

  @Test
  void neutralHelpersImportNothingOfOurs() {
    assertThat(GRAPH).containsKey(ROOT + ".text");
    assertThat(GRAPH.get(ROOT + ".text")).as("imports of se.indikatorvakt.text").isEmpty();
  }

  private static boolean isHttp(String pkg) {
    return pkg.equals(ROOT + ".http") || pkg.startsWith(ROOT + ".http.");
  }

  private static Map<String, Map<String, Set<String>>> read() {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find()) {
          continue;
        }
        String from = pkg.group(1);
        Map<String, Set<String>> edges = graph.computeIfAbsent(from, p -> new TreeMap<>());
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
          String to = imports.group(1);
          if (!to.equals(from)) {
            edges.computeIfAbsent(to, p -> new TreeSet<>()).add(file.getFileName().toString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** Tarjan's strongly connected components of the graph without the root package. */
  private static List<Set<String>> stronglyConnected() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> components = new ArrayList<>();
    for (String node : GRAPH.keySet()) {
      if (!node.equals(ROOT) && !index.containsKey(node)) {
        visit(node, index, low, stack, onStack, components);
      }
    }
    return components;
  }

  private static void visit(String node, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      Set<String> onStack, List<Set<String>> components) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : GRAPH.getOrDefault(node, Map.of()).keySet()) {
      if (next.equals(ROOT)) {
        continue;
      }
      if (!index.containsKey(next)) {
        visit(next, index, low, stack, onStack, components);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      components.add(component);
    }
  }

  private static String describe(List<Set<String>> cycles) {
    StringBuilder text = new StringBuilder();
    for (Set<String> cycle : cycles) {
      text.append(cycle).append('\n');
      for (String from : cycle) {
        GRAPH.get(from).forEach((to, files) -> {
          if (cycle.contains(to)) {
            text.append("  ").append(from).append(" -> ").append(to).append(" in ").append(files).append('\n');
          }
        });
      }
    }
    return text.toString();
  }
}
