/**
 * Implementation of the launch package (ledger files, name generation, elapsed-time bookkeeping); not
 * an API. Never null across methods.
 */
package dev.remotegpu.core.launch.internal;
