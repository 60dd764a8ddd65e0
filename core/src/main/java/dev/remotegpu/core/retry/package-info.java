/**
 * The one way the SDK waits and retries: a {@link dev.remotegpu.core.retry.BackoffPolicy} (built on
 * resilience4j's {@code IntervalFunction}) and one injected {@link dev.remotegpu.core.retry.TimeSource} (a clock
 * and a {@link dev.remotegpu.core.retry.Sleeper}) that every wait reads and sleeps on: HTTP 429/5xx retries, SSH
 * connect retries, machine-state and teardown awaits, job polling and the capacity retry. A simulated clock
 * whose sleeper advances it plays hours of waiting in milliseconds.
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional}.
 */
package dev.remotegpu.core.retry;
