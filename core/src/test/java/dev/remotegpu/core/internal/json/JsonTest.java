package dev.remotegpu.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesEveryKindOfValue() {
    Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null, \"x\\n\\u00e9\\/\"], \"b\": {}, \"c\": []} ");
    assertThat(v).isEqualTo(Map.of("a", List.of(1L, new BigDecimal("-2.5e3"), true, false, Json.NULL, "x\né/"),
        "b", Map.of(), "c", List.of()));
    assertThat(Json.parse("123456789012345678901234567890")).isInstanceOf(java.math.BigInteger.class);
  }

  @Test
  void refusesWhatIsNotStrictJson() {
    for (String bad : List.of("{\"a\":1,}", "[1,]", "{\"a\":1,\"a\":2}", "01", "{a:1}", "'x'", "[1] x", "\"\t\"",
        "", "nul", "1.", "-", "{\"a\" 1}", "\u0661", "-\u0661", "\"\\u+04a\"", "\"\\u-001\"",
        "\"\\u\uff10\uff10\uff14\uff11\"")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(JsonException.class)
          .hasMessageContaining("offset");
    }
  }

  @Test
  void writesLikePythonIndentTwoSortKeys() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", List.of());
    m.put("a", List.of(1L, Map.of()));
    m.put("m", "q\"\\\u0001é\u007f");
    assertThat(Json.writePythonStyle(m, true)).isEqualTo(
        "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"m\": \"q\\\"\\\\\\u0001\\u00e9\\u007f\",\n  \"z\": []\n}");
    assertThat(Json.writePythonStyle(m, false)).contains("\"m\": \"q\\\"\\\\\\u0001é\u007f\"");
  }
}
