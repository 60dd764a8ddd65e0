/**
 * The implementation of the Paperspace simulator: HTTP front, routing, validation, the account state machine
 * and the billing meter. Not an API; may change without notice.
 *
 * <p>{@code AccountState} wires the resource families ({@code Machines}, {@code MachineEvents}, {@code PublicIps},
 * {@code Snapshots}, {@code Storage}, {@code Templates}) to one {@code AccountCore}: one lock, one simulated clock,
 * one id source. Each family keeps its records in a {@code ResourceTable}, which does get, the 404, paging, rename,
 * delete and hourly billing the same way for all; {@code Codecs} writes the JSON.
 *
 * <p>No {@code null} crosses a public method of these classes except where JSON itself carries one.
 */
package dev.remotegpu.testfixtures.paperspace.internal;
