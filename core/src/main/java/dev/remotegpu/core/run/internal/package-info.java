/** The listeners behind {@link dev.remotegpu.core.run.RunListeners}; not an API. */
package dev.remotegpu.core.run.internal;
