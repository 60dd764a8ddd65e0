package dev.remotegpu.core;

/**
 * How a machine is reached from outside: a static address that stays (and bills while the machine is
 * off), a dynamic one that changes on every start, or none.
 */
public enum PublicIpType {
  /** The same address on every start; billed until released, even while the machine is off. */
  STATIC,
  /** A new address on every start, released on power-off; billed only while running. */
  DYNAMIC,
  /** No public address: internet-isolated, no IP charge. */
  NONE
}
