/**
 * The public contracts of clm: interfaces a trading engine implements or calls, and the
 * immutable value types that flow between them. This package has no third-party
 * dependencies; default implementations live in {@code clm-core}.
 */
package dev.clm.api;
