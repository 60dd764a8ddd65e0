package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command runs this lifecycle: it must complete, and show each thing it promises. */
class LifecycleTest {

  @Test
  void theEmbeddedLifecycleRunsEndToEndAndShowsEveryStep(@TempDir Path workDir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    boolean ok;
    try (EmbeddedWorld world = new EmbeddedWorld(out, workDir)) {
      ok = new Lifecycle(world, out).run(workDir);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(ok).as(printed).isTrue();
    assertThat(printed)
        .contains("Danger clocks", "[PS2]")
        .contains("attempt #1 on A4000@ny2 failed", "out of capacity", "no capacity anywhere yet: waiting")
        .contains("the host program dies and a new one resumes the run", "same machine", ": true; job")
        .contains("re-attached to", "RUNNING")
        .contains("auto-shutdown", "PS2")
        .contains("ended: EXITED(0)")
        .contains("verified by load", "PULL_VERIFIED.json written")
        .contains("UNKNOWN", "NOT TOUCHED")
        .contains("REFUSED", "delete-snapshot:")
        .contains("matches the plan: true")
        .contains("== spend so far", "spent about", "until the auto-shutdown", "per extra hour")
        .contains("estimated before launch: $", "estimate from your declared rate")
        .contains("at least $", "+ unknown");
    // Nothing that bills is shown as $0.00: the orphan snapshot of unknown size reads "unknown" (PS9).
    assertThat(printed.lines().filter(line -> line.contains("someone-elses-backup")))
        .isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("$0.00").contains("unknown"));
    Matcher resumed = Pattern.compile("resumed from checkpoint step-(\\d+)\\.ckpt at step (\\d+)").matcher(printed);
    assertThat(resumed.find()).as("the relaunch resumed from a checkpoint:%n%s", printed).isTrue();
    assertThat(Integer.parseInt(resumed.group(2))).isGreaterThanOrEqualTo(15);
    Path pulled = workDir.resolve("pulled/export/demo");
    assertThat(pulled.resolve("PULL_MANIFEST.json")).exists();
    assertThat(pulled.resolve("PULL_VERIFIED.json")).exists();
    assertThat(Files.readString(pulled.resolve("ckpt/step-40.ckpt"))).startsWith("step=40\n");
  }
}
