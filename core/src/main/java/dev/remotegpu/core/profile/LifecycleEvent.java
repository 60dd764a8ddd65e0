package dev.remotegpu.core.profile;

/** What can happen to a machine or notebook that decides whether data on it survives. */
public enum LifecycleEvent {
  /** A reversible stop (shut-down, power-off): compute stops, the machine can be started again. */
  STOP,
  /** An irreversible destroy or delete of the machine or notebook. */
  DESTROY
}
