/**
 * Test doubles of remotegpu's own interfaces, shared by every module's tests: a machine whose state the test
 * sets, and listeners that record each event as a line to assert on. Never null across the API.
 */
package dev.remotegpu.testfixtures.doubles;
