/**
 * Helpers the library's packages share that are not part of clm's API: they may change or
 * disappear in any release; do not call them from an engine.
 */
package dev.clm.events.internal;
