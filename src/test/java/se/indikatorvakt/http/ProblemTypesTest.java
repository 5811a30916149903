package se.indikatorvakt.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The registry of problem types and the Problem schema of openapi.yaml name the same errors. */
class ProblemTypesTest {

  @Test
  void openApiListsEveryProblemTypeAndNoOther() throws IOException {
    assertThat(documentedTypes())
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(ProblemType.values()).map(ProblemType::uri).toList());
  }

  @Test
  void everyTypeHasItsOwnSlugAndATitle() {
    assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::slug)).doesNotHaveDuplicates()
        .allMatch(slug -> slug.matches("[a-z]+(-[a-z]+)*"));
    assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::title)).allMatch(title -> !title.isBlank());
  }

  @SuppressWarnings("unchecked")
  private static List<String> documentedTypes() throws IOException {
    try (InputStream in = ProblemTypesTest.class.getResourceAsStream("/openapi.yaml")) {
      Map<String, Object> document = new Yaml().load(in);
      Map<String, Object> components = (Map<String, Object>) document.get("components");
      Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");
      Map<String, Object> problem = (Map<String, Object>) schemas.get("Problem");
      Map<String, Object> properties = (Map<String, Object>) problem.get("properties");
      Map<String, Object> type = (Map<String, Object>) properties.get("type");
      return (List<String>) type.get("enum");
    }
  }
}
