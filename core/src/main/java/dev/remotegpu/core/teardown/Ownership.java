package dev.remotegpu.core.teardown;

/** Whether a billable belongs to the SDK's runs, as told by the launch ledger. */
public enum Ownership {
  /**
   * A machine in the launch ledger, or an IP, storage, snapshot or template attached to or made from
   * one.
   */
  OURS,
  /** Anything else in the account: reported by the audit, never planned for deletion unless named by id. */
  UNKNOWN
}
