/**
 * The implementation of the Paperspace simulator: HTTP front, routing, validation, the account state machine
 * and the billing meter. Not an API; may change without notice.
 *
 * <p>No {@code null} crosses a public method of these classes except where JSON itself carries one.
 */
package dev.remotegpu.testfixtures.paperspace.internal;
