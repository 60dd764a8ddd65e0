package dev.remotegpu.core.checkpoint;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cells a sealed run must hold, and the files each cell must hold, as {@code build_pull_manifest.py
 * --expected-roster} checks them: a missing or unexpected cell, or a cell without a required file, refuses the seal
 * (and leaves the run in {@code active/<id>}).
 *
 * @param cells the expected top-level directories of the bundle, exactly
 * @param requiredPerCell files every cell must hold, relative to the cell (for example {@code best.pth})
 */
public record ExpectedRoster(Set<String> cells, List<String> requiredPerCell) {
  /** Copies and checks the fields. */
  public ExpectedRoster {
    cells = Set.copyOf(new TreeSet<>(Objects.requireNonNull(cells, "cells")));
    requiredPerCell = List.copyOf(Objects.requireNonNull(requiredPerCell, "requiredPerCell"));
    if (cells.isEmpty()) {
      throw new IllegalArgumentException("an expected roster names at least one cell");
    }
  }

  /** These cells, each holding {@code requiredPerCell} (the skill requires {@code best.pth}, {@code best_metrics.json}). */
  public static ExpectedRoster of(Collection<String> cells, String... requiredPerCell) {
    return new ExpectedRoster(Set.copyOf(cells), Arrays.asList(requiredPerCell));
  }

  /** What the manifest lacks or holds beyond this roster, one line each; empty when it matches. */
  public List<String> problems(CheckpointManifest manifest) {
    Objects.requireNonNull(manifest, "manifest");
    List<String> problems = new java.util.ArrayList<>();
    Set<String> actual = new TreeSet<>(manifest.topLevelDirs());
    for (String cell : new TreeSet<>(cells)) {
      if (!actual.contains(cell)) {
        problems.add("expected cell missing: " + cell);
      }
    }
    for (String cell : actual) {
      if (!cells.contains(cell)) {
        problems.add("unexpected cell not in the roster: " + cell);
      }
    }
    for (String cell : new TreeSet<>(cells)) {
      for (String file : requiredPerCell) {
        if (actual.contains(cell) && manifest.file(cell + "/" + file).isEmpty()) {
          problems.add("cell " + cell + " lacks its required " + file);
        }
      }
    }
    return problems;
  }
}
