/**
 * A JUnit 5 extension for a user's own tests: a simulated Paperspace account, an embedded SSH host standing in
 * for the machine, and a ready {@code Platform} and {@code RemoteAccess}, all on loopback and in memory.
 */
package dev.remotegpu.junit;
