package dev.remotegpu.paperspace.checks;

import static dev.remotegpu.paperspace.profile.PaperspaceProfile.GRADIENT_FREE_NOTEBOOK;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.GRADIENT_PAID_NOTEBOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.profile.Severity;
import org.junit.jupiter.api.Test;

/** PS7 (free notebooks are public), PS8 (one running free notebook, five projects), PS10 (5 GB /storage). */
class FreeTierChecksTest {

  @Test
  void confidentialCodeInAFreeNotebookIsPublic() {
    FreeNotebookPrivacyCheck check = new FreeNotebookPrivacyCheck();
    assertThat(check.check(new NotebookContents(GRADIENT_FREE_NOTEBOOK, true, false))).singleElement()
        .satisfies(f -> {
          assertThat(f.gotchaId()).isEqualTo("PS7");
          assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
          assertThat(f.message()).contains("public by default").contains("confidential code");
        });
    assertThat(check.check(new NotebookContents(GRADIENT_FREE_NOTEBOOK, false, true))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("secrets"));
    assertThat(check.check(new NotebookContents(GRADIENT_PAID_NOTEBOOK, true, true))).isEmpty();
    assertThat(check.check(new NotebookContents(GRADIENT_FREE_NOTEBOOK, false, false))).isEmpty();
  }

  @Test
  void aSecondFreeNotebookSitsPending() {
    FreeNotebookConcurrencyCheck check = new FreeNotebookConcurrencyCheck();
    assertThat(check.check(new FreeNotebookStart(1, 2))).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("PS8");
      assertThat(f.message()).contains("pending");
    });
    assertThat(check.check(new FreeNotebookStart(0, 6))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("at most 5 projects"));
    assertThat(check.check(new FreeNotebookStart(0, 5))).isEmpty();
    assertThatThrownBy(() -> new FreeNotebookStart(-1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runningFreeNotebooks");
  }

  @Test
  void aDatasetOverTheFreeFiveGigabytesFails() {
    FreeStorageCapCheck check = new FreeStorageCapCheck();
    assertThat(check.check(new DatasetUpload(4_000_000_000L, 1_500_000_000L, true))).singleElement()
        .satisfies(f -> {
          assertThat(f.gotchaId()).isEqualTo("PS10");
          assertThat(f.message()).contains("5.50 GB").contains("free 5 GB");
        });
    assertThat(check.check(new DatasetUpload(4_000_000_000L, 1_000_000_000L, true))).isEmpty();
    assertThat(check.check(new DatasetUpload(900_000_000_000L, 0, false))).isEmpty();
    assertThat(check.check(new DatasetUpload(Long.MAX_VALUE, Long.MAX_VALUE, true))).hasSize(1);
    assertThatThrownBy(() -> new DatasetUpload(-1, 0, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("datasetBytes");
  }
}
