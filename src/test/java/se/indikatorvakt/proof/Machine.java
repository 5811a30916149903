package se.indikatorvakt.proof;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The machine a benchmark ran on, printed with every run so that figures can be compared honestly. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    return String.format("machine: %d cpus (%s), %s memory, Java %s (%s), %s, %s",
        Runtime.getRuntime().availableProcessors(), cpuModel(), totalMemory(), System.getProperty("java.version"),
        System.getProperty("java.vm.name"), System.getProperty("os.name") + " " + System.getProperty("os.version"),
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
  }

  private static String cpuModel() {
    return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown model");
  }

  private static String totalMemory() {
    return firstValue(Path.of("/proc/meminfo"), "MemTotal")
        .map(kb -> String.format("%.1f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
        .orElse("unknown");
  }

  private static java.util.Optional<String> firstValue(Path file, String key) {
    try {
      return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** One figure line in the format the benchmark script collects: "BENCH | name | value | unit | note". */
  public static void figure(String name, Object value, String unit, String note) {
    System.out.println("BENCH | " + name + " | " + value + " | " + unit + " | " + note);
  }
}
