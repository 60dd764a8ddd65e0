package dev.remotegpu.core;

/** The kinds of account resources that cost money while they exist. */
public enum BillableKind {
  /** Compute while running; its block disk bills even while off. */
  MACHINE,
  /** The block storage of a machine, billed while the machine exists, running or off. */
  BLOCK_STORAGE,
  /** A static public IP, billed until released, including while its machine is off. */
  PUBLIC_IP,
  /**
   * A dynamic public IP: assigned at power-on, released by the platform at power-off, charged only while its
   * machine runs. Its machine's stop ends it; it is never released by a teardown step.
   */
  DYNAMIC_PUBLIC_IP,
  /** A shared drive or other team storage, billed until deleted. */
  SHARED_STORAGE,
  /** A snapshot; it survives its machine's destroy and bills until deleted. */
  SNAPSHOT,
  /** A custom template (a stored image), billed as storage until deleted. */
  CUSTOM_TEMPLATE
}
