package dev.remotegpu.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunListenersTest {

  @Test
  void aListenerThatThrowsDoesNotStarveTheOnesAfterIt() {
    List<String> heard = new ArrayList<>();
    RunListener failing = new RunListener() {
      @Override
      public void phase(String verb, String detail) {
        heard.add("failing:" + verb);
        throw new IllegalStateException("a broken progress bar");
      }
    };
    RunListener recording = new RunListener() {
      @Override
      public void phase(String verb, String detail) {
        heard.add("recording:" + verb);
      }

      @Override
      public void gaveUp(String reason) {
        heard.add("recording:gaveUp");
      }
    };

    RunListener all = RunListeners.all(failing, recording);
    all.phase("up", "A4000@ny2");
    all.phase("watch", "j1");
    all.gaveUp("unreachable");

    assertThat(heard).containsExactly("failing:up", "recording:up", "failing:watch", "recording:watch",
        "recording:gaveUp");
  }

  @Test
  void theConsoleRendererPrintsTheVerbsAndTheDangerClocksHeading() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RunListener console = RunListeners.console(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    console.phase("up", "[A4000@ny2]");
    console.dangerClocks(List.of());
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("== up: [A4000@ny2]").contains("Danger clocks");
  }
}
