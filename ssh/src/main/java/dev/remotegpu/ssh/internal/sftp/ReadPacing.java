package dev.remotegpu.ssh.internal.sftp;

import java.time.Duration;

/**
 * Keeps the bytes of SFTP reads in flight on one channel near the link's bandwidth-delay product, judged by how
 * long each answer takes, as TCP Vegas does: an answer back within about one round trip says the link has room,
 * an answer that queued behind others says it is full (the budget shrinks by a quarter, at most once per round
 * trip). Room grows the budget gently, by an eighth per round trip of answers, except below the budget that last
 * queued, which a stall (the client's CPU, a collector's pause) may have cut: up to there it grows by each answer,
 * doubling per round trip, as TCP's slow start does up to its threshold.
 *
 * <p>Why not simply ask for the most the window allows: whatever is asked beyond what the path holds waits in
 * the server. OpenSSH's sshd then keeps a channel buffer of many megabytes that it grows by whole copies (its CPU
 * goes to {@code memmove}, page faults and {@code munmap}, and each new high costs the square of its size), and a
 * pull that asked for twice the bandwidth-delay product fell from 125 to 1-10 MB/s for seconds at a time on an
 * emulated 80 ms link. Why not double up to the first queueing answer: that answer comes a round trip after the
 * budget that caused it, by when doubling has asked for up to twice the path (measured at 80 ms, 1 GiB pulls: 10.5
 * to 13.3 s doubling, 10.0 to 10.9 s growing by an eighth).
 */
final class ReadPacing {
  /** An answer within {@code GROW_WITHIN x round trip + SLACK} lets the budget grow. */
  static final double GROW_WITHIN = 1.15;
  /** An answer later than {@code SHRINK_AFTER x round trip + 2 x SLACK} makes the budget shrink. */
  static final double SHRINK_AFTER = 1.3;
  /** Server and client time around each answer that is not queueing (disk, scheduling, one read's own bytes). */
  static final long SLACK_NANOS = Duration.ofMillis(3).toNanos();
  /** What is kept of the budget when answers queue. */
  static final double SHRINK_TO = 0.75;
  /** Above the budget that last queued, the budget grows by this share of each answer in time. */
  static final int GENTLE_GROWTH_DIVISOR = 8;

  private final long roundTripNanos;
  private final long floor;
  private final long cap;
  private long budget;
  /** Below this (what was kept after the last queueing that followed growth), the budget doubles. */
  private long threshold;
  private boolean grownSinceShrink = true;
  private long lastShrink = Long.MIN_VALUE / 2;

  /**
   * @param roundTrip the measured round trip of the session
   * @param floor the least budget, whatever the answers say
   * @param cap the most, whatever the answers say (the window)
   * @param start the budget before any answer
   */
  ReadPacing(Duration roundTrip, long floor, long cap, long start) {
    this.roundTripNanos = roundTrip.toNanos();
    this.floor = Math.min(floor, cap);
    this.cap = cap;
    this.budget = Math.max(this.floor, Math.min(cap, start));
    this.threshold = budget;
  }

  /** The bytes of reads the channel's open files may keep in flight now, shared between them. */
  synchronized long budget() {
    return budget;
  }

  /** Learns from one answer of {@code bytes} that was asked at {@code askedNanos} and came at {@code answeredNanos}. */
  synchronized void answered(long askedNanos, long answeredNanos, long bytes) {
    long took = answeredNanos - askedNanos;
    if (took <= GROW_WITHIN * roundTripNanos + SLACK_NANOS) {
      long growth = budget < threshold ? bytes : bytes / GENTLE_GROWTH_DIVISOR;
      budget = Math.min(cap, budget + growth);
      grownSinceShrink = true;
    } else if (took > SHRINK_AFTER * roundTripNanos + 2 * SLACK_NANOS
        && answeredNanos - lastShrink >= roundTripNanos) {
      budget = Math.max(floor, (long) (budget * SHRINK_TO));
      if (grownSinceShrink) {
        threshold = budget;
        grownSinceShrink = false;
      }
      lastShrink = answeredNanos;
    }
  }

  @Override
  public synchronized String toString() {
    return "ReadPacing[budget=" + budget + ", threshold=" + threshold + ", floor=" + floor + ", cap=" + cap + "]";
  }
}
