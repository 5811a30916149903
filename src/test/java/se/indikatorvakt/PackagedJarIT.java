package se.indikatorvakt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;

/** The jar a user runs: started as a real process, stopped with SIGTERM, fed bad settings. */
class PackagedJarIT {
  private static final Path JAR = Path.of(System.getProperty("indikatorvakt.jar", "target/indikatorvakt.jar"));
  private static final Path WORK = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work"));

  @Test
  void startsOnTheEmbeddedDefaultAndStopsCleanlyOnSigterm() throws Exception {
    Path dataDir = WORK.resolve("jar-embedded-" + System.nanoTime());
    assertStartsReadyAndStops(Map.of(
        "INDIKATORVAKT_DATABASE_EMBEDDED_DATA_DIR", dataDir.toString(),
        "INDIKATORVAKT_DATABASE_EMBEDDED_PORT", "0"), "embedded PostgreSQL");
    assertThat(dataDir.resolve("PG_VERSION")).exists();
  }

  @Test
  void startsAgainstAGivenServerAndStopsCleanlyOnSigterm() throws Exception {
    DatabaseUrl database = TestDatabases.create();
    try {
      assertStartsReadyAndStops(Map.of("INDIKATORVAKT_DATABASE_URL", "postgresql://" + database.user() + ":"
          + database.password() + "@" + database.host() + ":" + database.port() + "/" + database.database()),
          "Using the PostgreSQL server at");
    } finally {
      TestDatabases.drop(database);
    }
  }

  @Test
  void aBadPortStopsItWithOneClearLine() throws Exception {
    Result result = runToEnd(Map.of("INDIKATORVAKT_HTTP_PORT", "abc"));
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).containsExactly(
        "indikatorvakt: invalid setting http.port (INDIKATORVAKT_HTTP_PORT): 'abc' is not a whole number");
  }

  @Test
  void aMalformedDatabaseUrlStopsItWithOneClearLine() throws Exception {
    Result result = runToEnd(Map.of("INDIKATORVAKT_DATABASE_URL", "localhost:5432"));
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).singleElement().asString()
        .startsWith("indikatorvakt: invalid setting database.url (INDIKATORVAKT_DATABASE_URL):");
  }

  private record Result(int exitCode, List<String> stderr) {}

  private void assertStartsReadyAndStops(Map<String, String> env, String expectedLog) throws Exception {
    int apiPort = freePort();
    int managementPort = freePort();
    Path log = Files.createTempFile(Files.createDirectories(WORK), "jar", ".log");
    ProcessBuilder builder = processBuilder(env);
    builder.environment().put("INDIKATORVAKT_HTTP_PORT", Integer.toString(apiPort));
    builder.environment().put("INDIKATORVAKT_MANAGEMENT_PORT", Integer.toString(managementPort));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    try {
      Http management = new Http(managementPort);
      // the service's own start-up bound (Application.start) is 60 s; a busy machine may need much of it
      Http.await("the jar to be ready", Duration.ofSeconds(70), () -> ready(management));
      assertThat(Files.readString(log)).contains(expectedLog);
      long stopping = System.nanoTime();
      process.destroy();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
      assertThat(process.exitValue()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(10));
    } finally {
      process.destroyForcibly();
    }
  }

  private static boolean ready(Http management) {
    try {
      return management.get("/health/ready").status() == 200;
    } catch (IllegalStateException notListeningYet) {
      return false;
    }
  }

  private Result runToEnd(Map<String, String> env) throws Exception {
    Process process = processBuilder(env).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    return new Result(process.exitValue(), stderr);
  }

  private ProcessBuilder processBuilder(Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + Path.of("config", "jvm.options").toAbsolutePath(), "-jar", JAR.toAbsolutePath().toString());
    builder.environment().keySet().removeIf(name -> name.startsWith("INDIKATORVAKT_"));
    builder.environment().put("INDIKATORVAKT_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
    builder.environment().put("INDIKATORVAKT_SMTP_EML_DIR", WORK.resolve("jar-mail").toString());
    builder.environment().putAll(env);
    return builder;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
