package dev.remotegpu.testfixtures.paperspace.internal;

import java.time.Instant;

/** What every record in a {@link ResourceTable} has: its id, its place in creation order and its creation time. */
abstract class Row {
  String id;
  long seq;
  Instant created;

  /** A row with a name the API lists by and (for most resources) renames. */
  abstract static class Named extends Row {
    String name;
  }
}
