/** Placeholder. */
package dev.remotegpu.examples;
