package se.indikatorvakt.proof;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@link ScaleOutScenario} at a size that fits the normal build: three jars, 600 measurements per phase. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {
  private static ScaleOutScenario scenario;

  @BeforeAll
  static void start() {
    scenario = new ScaleOutScenario(new ScaleOutScenario.Size(5, 600, 12, Duration.ofSeconds(30)));
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
