package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/** A key over its token bucket is told when to come back, and what it sent is not stored. */
class RateLimitTest {
  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(env -> {
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_PER_SECOND", "0.1");
    env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_BURST", "2");
  });

  @Test
  void aKeyOverItsRateLimitGets429WithRetryAfterAndNothingIsStored() {
    Http api = SERVICE.api();
    String[] key = {"Authorization", "Bearer " + IngestTestData.SOURCE_KEY};
    String measurement = "{\"indicator\":\"tid-till-samarbetssamtal\",\"orgUnit\":\"familjeratten\","
        + "\"period\":\"PERIOD\",\"value\":20}";
    assertThat(api.post("/api/v1/measurements", "application/json", measurement.replace("PERIOD", "2021-T1"), key)
        .status()).isEqualTo(201);
    assertThat(api.post("/api/v1/measurements", "application/json", measurement.replace("PERIOD", "2021-T2"), key)
        .status()).isEqualTo(201);
    Http.Response limited = api.post("/api/v1/measurements", "application/json",
        measurement.replace("PERIOD", "2021-T3"), key);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 10L);
    assertThat(new ProofDb(SERVICE.database()).rows("SELECT period FROM measurement ORDER BY period"))
        .extracting(row -> row.get("period")).containsExactly("2021-T1", "2021-T2");
  }
}
