package dev.remotegpu.core.launch;

import dev.remotegpu.core.LaunchCandidate;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child process of {@link FileLedgerAcrossProcessesTest}: waits for the start file, then records an intent and
 * an id for {@code count} machines named {@code <prefix>-<i>} in the ledger file. Exit 0 when every call returned.
 */
public final class LedgerRaceChild {
  private LedgerRaceChild() {
  }

  public static void main(String[] args) throws Exception {
    Path ledgerFile = Path.of(args[0]);
    Path go = Path.of(args[1]);
    String prefix = args[2];
    int count = Integer.parseInt(args[3]);
    LaunchLedger ledger = LaunchLedgers.inFile(ledgerFile);
    while (!Files.exists(go)) {
      Thread.sleep(2);
    }
    for (int i = 0; i < count; i++) {
      String name = prefix + "-" + i;
      ledger.recordIntent("race", name, new LaunchCandidate("A4000", "ny2"));
      ledger.recordCreated(name, "ps" + name);
    }
  }
}
