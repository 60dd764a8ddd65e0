/**
 * The {@code remotegpu} command ({@link dev.remotegpu.examples.cli.RemoteGpu}): status, down, explain, check, run,
 * logs and pull on the SDK, for the real API or the embedded simulator ({@code --simulated}).
 */
package dev.remotegpu.examples.cli;
