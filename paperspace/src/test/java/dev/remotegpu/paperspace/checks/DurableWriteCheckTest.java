package dev.remotegpu.paperspace.checks;

import static dev.remotegpu.core.profile.LifecycleEvent.DESTROY;
import static dev.remotegpu.core.profile.LifecycleEvent.STOP;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.CORE;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.GRADIENT_NOTEBOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.profile.Severity;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DurableWriteCheckTest {

  private final DurableWriteCheck check = new DurableWriteCheck();

  @Test
  void pipTargetOnANotebookIsWipedOnStop() {
    assertThat(check.check(DurableWrite.surviveStop(GRADIENT_NOTEBOOK, "/usr/local/lib/python3.11/site-packages")))
        .singleElement().satisfies(f -> {
          assertThat(f.gotchaId()).isEqualTo("PS3");
          assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
          assertThat(f.message()).contains("Notebook workspace").contains("STOP");
          assertThat(f.fix()).contains("/storage");
        });
  }

  @Test
  void notebooksDirDiesWithTheNotebook() {
    assertThat(check.check(new DurableWrite(GRADIENT_NOTEBOOK, "/notebooks/ckpt", Set.of(STOP, DESTROY), false)))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("dies with the notebook"));
  }

  @Test
  void coreDiskDoesNotSurviveADestroy() {
    assertThat(check.check(new DurableWrite(CORE, "/path/to/blockstore/ckpts", Set.of(STOP, DESTROY), false)))
        .singleElement().satisfies(f -> assertThat(f.fix()).contains("Iron Law"));
  }

  @Test
  void secretsOnTeamSharedStorageAreFlagged() {
    assertThat(check.check(new DurableWrite(GRADIENT_NOTEBOOK, "/storage/.env", Set.of(STOP), true)))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("Secrets").contains("team"));
  }

  @Test
  void durablePathsHaveNoFinding() {
    assertThat(check.check(new DurableWrite(GRADIENT_NOTEBOOK, "/storage/run-1/ckpt.pt", Set.of(STOP, DESTROY), false)))
        .isEmpty();
    assertThat(check.check(DurableWrite.surviveStop(CORE, "/path/to/blockstore/ckpts"))).isEmpty();
    assertThat(check.check(new DurableWrite(CORE, "/home/paperspace/.env", Set.of(), true))).isEmpty();
  }

  @Test
  void relativeOrBlankPathsAreRefusedNamingThem() {
    assertThatThrownBy(() -> check.check(DurableWrite.surviveStop(GRADIENT_NOTEBOOK, "storage/ckpt")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'storage/ckpt'");
    assertThatThrownBy(() -> check.check(DurableWrite.surviveStop(GRADIENT_NOTEBOOK, "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
  }
}
