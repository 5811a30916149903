package se.indikatorvakt.proof;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@link ScaleOutScenario} at benchmark size: 10 000 measurements per phase over 32 connections, 60 breaching series per phase. */
@Tag("bench")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutBenchIT {
  private static ScaleOutScenario scenario;

  @BeforeAll
  static void start() {
    scenario = new ScaleOutScenario(new ScaleOutScenario.Size(20, 10_000, 32, Duration.ofSeconds(300)));
  }

  @AfterAll
  static void stop() {
    if (scenario != null) {
      scenario.close();
    }
  }

  @Test
  @Order(1)
  void threeInstancesStoreEveryAcknowledgedMeasurementOnceAndMailEveryBreachOnce() {
    scenario.undisturbed();
  }

  @Test
  @Order(2)
  void anInstanceKilledMidLoadLosesNothingAndItsMailIsSentOnceByTheOthers() throws Exception {
    scenario.oneInstanceKilledMidLoad();
  }
}
