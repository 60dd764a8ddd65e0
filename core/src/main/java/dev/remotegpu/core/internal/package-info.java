/** Implementation helpers shared by core's packages; not API. */
package dev.remotegpu.core.internal;
