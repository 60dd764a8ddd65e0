/** The implementation behind {@link dev.remotegpu.junit.SimulatedPaperspaceExtension}; not an API. */
package dev.remotegpu.junit.internal;
