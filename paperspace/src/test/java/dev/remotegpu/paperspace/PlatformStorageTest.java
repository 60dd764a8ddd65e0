package dev.remotegpu.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.platform.Storage;
import dev.remotegpu.core.profile.LifecycleEvent;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlatformStorageTest {

  @Test
  void everyStorageTierSaysWhatSurvivesAStopAndADestroy() {
    PaperspacePlatform platform = PaperspacePlatform.builder().apiKey("k").baseUrl("http://127.0.0.1:9/v1")
        .ledger(LaunchLedgers.inMemory()).build();

    List<Storage> storage = platform.storage();
    Map<String, Storage> byId = storage.stream().collect(Collectors.toMap(s -> s.tier().id(), s -> s));

    assertThat(storage).hasSize(5).allSatisfy(s -> assertThat(s.survival()).hasSize(2));
    assertThat(storage).filteredOn(Storage::durableAcrossDestroy).extracting(s -> s.tier().name())
        .containsExactlyInAnyOrder("Notebook shared persistent", "Core snapshot");
    assertThat(storage).filteredOn(s -> !s.survives(LifecycleEvent.STOP)).singleElement()
        .satisfies(s -> assertThat(s.tier().pathDescription()).contains("everything else"));
    assertThat(byId).hasSize(5);
  }
}
