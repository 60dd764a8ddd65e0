/** Console rendering for the example programs: progress bars with rate and ETA, and run events. */
package dev.remotegpu.examples.console;
