/** Placeholder. */
package dev.remotegpu.paperspace;
