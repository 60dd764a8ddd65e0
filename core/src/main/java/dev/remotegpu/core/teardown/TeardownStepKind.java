package dev.remotegpu.core.teardown;

/**
 * What a teardown step does, in the order a plan runs them: stop (reversible), then destroy and release
 * (irreversible), then delete durable data last.
 *
 * <p>There is no separate "delete block storage" step: a machine's block storage is removed with
 * {@link #DESTROY_MACHINE} (Core block storage does not survive a destroy), while snapshots survive it
 * and get their own {@link #DELETE_SNAPSHOT} step.
 */
public enum TeardownStepKind {
  /** Powers a machine off: ends the compute meter, keeps its disk, IP and snapshots billing. */
  STOP_MACHINE("stop-machine", true),
  /** Destroys a machine and its block storage, with no recovery. */
  DESTROY_MACHINE("destroy-machine", false),
  /** Releases a static public IP; the address cannot be got back. */
  RELEASE_PUBLIC_IP("release-public-ip", false),
  /** Deletes a snapshot, which otherwise survives its machine's destroy and keeps billing. */
  DELETE_SNAPSHOT("delete-snapshot", false),
  /** Deletes a custom template (a stored image). */
  DELETE_CUSTOM_TEMPLATE("delete-custom-template", false),
  /** Deletes a shared drive, the most durable data, so last of all. */
  DELETE_SHARED_STORAGE("delete-shared-storage", false);

  private final String idPrefix;
  private final boolean reversible;

  TeardownStepKind(String idPrefix, boolean reversible) {
    this.idPrefix = idPrefix;
    this.reversible = reversible;
  }

  /** Whether the step can be undone (a stopped machine can be started again). */
  public boolean reversible() {
    return reversible;
  }

  /** The stable step id for a target, for example {@code "destroy-machine:psm123"}. */
  public String stepId(String targetId) {
    return idPrefix + ":" + targetId;
  }
}
