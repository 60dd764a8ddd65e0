/** Placeholder. */
package dev.remotegpu.testfixtures;
