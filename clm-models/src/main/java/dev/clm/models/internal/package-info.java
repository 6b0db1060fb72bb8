/** Implementation helpers of clm-models; not API, may change without notice. */
package dev.clm.models.internal;
