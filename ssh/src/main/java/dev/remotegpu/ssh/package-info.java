/** Placeholder. */
package dev.remotegpu.ssh;
