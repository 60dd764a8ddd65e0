package dev.remotegpu.core.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs writing one ledger file at once: nothing a process recorded may be lost (the default ledger). */
class FileLedgerAcrossProcessesTest {
  private static final int PROCESSES = 4;
  private static final int ROUNDS = 3;
  private static final int MACHINES_PER_PROCESS = 5;

  @TempDir
  Path dir;

  @Test
  void fourProcessesLaunchingAtOnceForThreeRoundsRecordEveryMachineExactlyOnce() throws Exception {
    Path ledgerFile = dir.resolve("ledger.txt");
    for (int round = 0; round < ROUNDS; round++) {
      Path go = dir.resolve("go-" + round);
      List<Process> children = new ArrayList<>();
      for (int p = 0; p < PROCESSES; p++) {
        children.add(child(ledgerFile, go, "r" + round + "p" + p));
      }
      Thread.sleep(300); // let the JVMs start and wait on the go file, so they write at the same moment
      Files.createFile(go);
      for (Process child : children) {
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("child exit; stderr: %s", err).isZero();
      }
    }

    List<LedgerEntry> entries = LaunchLedgers.inFile(ledgerFile).entries();
    Map<String, Long> perName = entries.stream()
        .collect(Collectors.groupingBy(LedgerEntry::machineName, Collectors.counting()));
    assertThat(perName).hasSize(PROCESSES * ROUNDS * MACHINES_PER_PROCESS);
    assertThat(perName.values()).allMatch(n -> n == 1);
    assertThat(entries).allSatisfy(e -> assertThat(e.machineId()).contains("ps" + e.machineName()));
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  private static Process child(Path ledgerFile, Path go, String prefix) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), LedgerRaceChild.class.getName(), ledgerFile.toString(),
        go.toString(), prefix, Integer.toString(MACHINES_PER_PROCESS))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

}
