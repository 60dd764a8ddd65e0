package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second-platform example runs the whole lifecycle on the embedded host through the generic platform. */
class GenericSshLifecycleTest {

  @Test
  void theBoxLifecycleRunsEndToEnd(@TempDir Path workDir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    boolean ok = GenericSshLifecycle.run(workDir, out);
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(ok).as(printed).isTrue();
    assertThat(printed)
        .contains("[GEN1]", "re-attached to", "GEN6", "resumed from checkpoint")
        .contains("verified by load", "PULL_VERIFIED.json written")
        .contains("MANUAL STEP destroy-machine:my-box", "SAFE TO STOP", "$0.45/h")
        .contains("matches the plan: true")
        .contains("stopping is itself this irreversible step")
        .contains("no auto-shutdown on generic-ssh, so the machine bills until someone stops it (GEN1)")
        .doesNotContain("auto-shutdown window it runs unpriced")
        .doesNotContain("stop-machine:my-box")
        .doesNotContainPattern("\\bPS\\d");
    assertThat(workDir.resolve("pulled/export/box-demo/PULL_VERIFIED.json")).exists();
  }
}
