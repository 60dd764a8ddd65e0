package dev.remotegpu.examples.cli;

import static dev.remotegpu.examples.cli.RemoteGpuCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.examples.cli.RemoteGpuCommandTest.Result;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command without --simulated, as against the real API, here a simulator on loopback reached through
 * PAPERSPACE_API_URL with the key from PAPERSPACE_API_KEY: the key is used and never printed, a wrong key is the
 * platform's exit code, and the log helper follows a growing log.
 */
class RemoteGpuLiveApiTest {

  @Test
  void statusUsesTheKeyAndUrlFromTheEnvironmentAndNeverPrintsTheKey(@TempDir Path dir) throws Exception {
    try (PaperspaceSimulator simulator = PaperspaceSimulator.builder().apiKey("right-key-0123456789abcdef").build()
        .start()) {
      simulator.account().addStaticIp("ny2");
      String ledger = dir.resolve("ledger").toString();
      Result ok = run(Map.of("PAPERSPACE_API_KEY", simulator.apiKey(), "PAPERSPACE_API_URL", simulator.baseUrl()), "",
          "status", "--json", "--ledger", ledger);
      assertThat(ok.code()).as(ok.err()).isZero();
      assertThat(ok.json().get("account").asText()).isEqualTo("Paperspace API at " + simulator.baseUrl());
      assertThat(ok.json().get("items").get(0).get("ownership").asText()).isEqualTo("UNKNOWN");
      assertThat(ok.out() + ok.err()).doesNotContain(simulator.apiKey());

      Result wrong = run(Map.of("PAPERSPACE_API_KEY", "wrong-key-0123456789abcdef", "PAPERSPACE_API_URL",
          simulator.baseUrl()), "", "status", "--ledger", ledger);
      assertThat(wrong.code()).isEqualTo(ExitCodes.PLATFORM);
      assertThat(wrong.err()).contains("PAPERSPACE_API_KEY").doesNotContain("wrong-key-0123456789abcdef");
      assertThat(simulator.requestCount("GET", "/v1/machines")).isPositive();
    }
  }

  @Test
  void followingALogPrintsOnlyTheLinesThatAreNew() {
    assertThat(LogsCommand.newLines(List.of("a", "b", "c"), List.of("b", "c", "d", "e"))).containsExactly("d", "e");
    assertThat(LogsCommand.newLines(List.of("a", "b"), List.of("a", "b"))).isEmpty();
    assertThat(LogsCommand.newLines(List.of(), List.of("x"))).containsExactly("x");
    assertThat(LogsCommand.newLines(List.of("old"), List.of("new"))).containsExactly("new");
  }
}
