/**
 * Money as exact decimals (never doubles), hourly rates and monthly caps. Never null across the API.
 */
package dev.remotegpu.core.cost;

import dev.remotegpu.core.Money;
