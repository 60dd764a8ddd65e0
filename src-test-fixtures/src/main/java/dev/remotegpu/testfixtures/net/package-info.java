/**
 * Network conditions for tests and benchmarks on 127.0.0.1: {@link dev.remotegpu.testfixtures.net.EmulatedLink}
 * puts a round-trip delay, a rate cap and a bounded router queue in front of any loopback TCP service (the
 * embedded SSH host, the real OpenSSH daemon).
 */
package dev.remotegpu.testfixtures.net;
