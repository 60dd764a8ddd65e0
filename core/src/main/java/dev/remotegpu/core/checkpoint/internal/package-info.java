/**
 * The implementation behind {@link dev.remotegpu.core.checkpoint}: path rules, the manifest codec, the
 * manifest builder and the sync engine. Never null across this package's methods.
 */
package dev.remotegpu.core.checkpoint.internal;
