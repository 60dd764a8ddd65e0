/**
 * Implementation behind {@link dev.remotegpu.core.run}: the listeners of {@link dev.remotegpu.core.run.RunListeners},
 * and the run directory (the journal's JSON codec, its atomic writer, the resume steps); not an API.
 */
package dev.remotegpu.core.run.internal;
