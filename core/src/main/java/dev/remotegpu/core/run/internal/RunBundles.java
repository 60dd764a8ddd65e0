package dev.remotegpu.core.run.internal;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundles of one run in a store: {@code export/<id>} from its first seal, then {@code export/<id>.2},
 * {@code export/<id>.3} ... each time the job wrote into {@code active/<id>} again after a seal (a second job
 * run, a resume). Published bundles are immutable, so new checkpoints are never left out of a pull for want of
 * a place to seal them.
 */
public final class RunBundles {
  private RunBundles() {}

  /**
   * Seals what the run left open: a cut seal in {@code export/.partial/} is resumed, a later generation moved to
   * {@code active/<id>.n} but not sealed yet is sealed, and files in {@code active/<id>} are sealed under {@code <id>} or, when that is published already, the next generation.
   */
  public static void sealWhatIsOpen(CheckpointStore store, String id, String runId, Clock clock) throws IOException {
    for (String partial : store.directories("export/.partial")) {
      if (generation(id, partial) > 0 && !store.exists(CheckpointStore.exportDir(partial))) {
        CheckpointSync.seal(store, partial, runId, clock);
      }
    }
    // A later generation moved aside (active/<id>.n) by a host killed before its seal began: seal it now, before
    // a new generation number is chosen, or it would never be pulled and active/<id> would be moved onto it.
    for (String moved : store.directories("active")) {
      String dir = CheckpointStore.activeDir(moved);
      if (generation(id, moved) > 1 && !store.exists(CheckpointStore.exportDir(moved))
          && !store.files(dir).isEmpty()) {
        CheckpointSync.seal(store, moved, runId, clock);
      }
    }
    String active = CheckpointStore.activeDir(id);
    if (!store.exists(active) || store.files(active).isEmpty()) {
      return;
    }
    String target = id;
    if (store.exists(CheckpointStore.exportDir(id))) {
      int next = published(store, id).stream().mapToInt(p -> generation(id, p)).max().orElse(1) + 1;
      target = id + "." + next;
      store.move(active, CheckpointStore.activeDir(target));
    }
    CheckpointSync.seal(store, target, runId, clock);
  }

  /** The run's published bundles, first generation first. */
  public static List<String> published(CheckpointStore store, String id) {
    List<String> ids = new ArrayList<>();
    for (String name : store.list()) {
      if (generation(id, name) > 0) {
        ids.add(name);
      }
    }
    ids.sort(Comparator.comparingInt(name -> generation(id, name)));
    return ids;
  }

  /** 1 for {@code id} itself, n for {@code id.n}, 0 for anything else. */
  static int generation(String id, String name) {
    if (name.equals(id)) {
      return 1;
    }
    Matcher m = Pattern.compile(Pattern.quote(id) + "\\.([0-9]{1,6})").matcher(name);
    return m.matches() ? Math.max(2, Integer.parseInt(m.group(1))) : 0;
  }
}
