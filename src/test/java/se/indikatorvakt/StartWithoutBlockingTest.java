package se.indikatorvakt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.EventLoopTasks;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The start of the service blocks no event loop. Started in a JVM of its own, as in production: in the test JVM the
 * other tests have loaded and initialised the classes already, and loading them is most of what a start does on the
 * thread that first needs them.
 */
class StartWithoutBlockingTest {
  /**
   * What one event-loop task of the start may use. Measured here in new JVMs at load 7-13: 100-140 ms while the
   * modules were built on the event loop, 18-29 ms since (the first connection to PostgreSQL, vertx-openapi's own
   * reading of the contract). At 60 ms a start stays below Vert.x's 2 s limit on a machine where the thread gets a
   * core a thirtieth of the time.
   */
  private static final long LIMIT_MILLIS = 60;
  private static final Pattern RESULT = Pattern.compile("longest event-loop task: (\\d+) ms of CPU on (\\S+) at (.*)");
  private static final Path WORK = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work"));

  @Test
  void noEventLoopTaskOfAStartInANewJvmUsesMoreThanSixtyMillisecondsOfCpu() throws Exception {
    DatabaseUrl database = TestDatabases.create();
    try {
      Path log = Files.createDirectories(WORK).resolve("cold-start-" + database.database() + ".log");
      ProcessBuilder builder = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "@" + Path.of("config", "jvm.options").toAbsolutePath(),
          "-cp", System.getProperty("java.class.path"), ColdStart.class.getName()))
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(variable -> variable.startsWith("INDIKATORVAKT_"));
      builder.environment().putAll(TestService.env(database));
      Process child = builder.start();
      boolean ended = child.waitFor(90, TimeUnit.SECONDS);
      if (!ended) {
        child.destroyForcibly();
      }
      String output = Files.readString(log);
      assertThat(ended).as("the service started and stopped within 90 s: %s", output).isTrue();
      assertThat(child.exitValue()).as("the service's exit status: %s", output).isZero();
      Matcher result = RESULT.matcher(output);
      assertThat(result.find()).as("the start's report: %s", output).isTrue();
      assertThat(Long.parseLong(result.group(1)))
          .as("the CPU time of the longest event-loop task of the start, on %s at %s", result.group(2),
              result.group(3))
          .isLessThan(LIMIT_MILLIS);
      assertThat(output).as("Vert.x's own report of a blocked thread").doesNotContain("has been blocked for");
    } finally {
      TestDatabases.drop(database);
    }
  }

  /** The service started from its environment while every event loop is watched; prints the longest task. */
  static final class ColdStart {
    public static void main(String[] args) throws InterruptedException {
      EventLoopTasks watch = EventLoopTasks.watch();
      Application app = Application.start(Settings.load(System.getenv()));
      EventLoopTasks.Task longest = watch.stop();
      System.out.println("longest event-loop task: " + longest.cpuMillis() + " ms of CPU on " + longest.thread()
          + " at " + longest.where());
      app.stop();
    }
  }
}
