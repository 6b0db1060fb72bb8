/** Helpers of the JDBC stores (SQL conversions, JSON maps, binary COPY, H2 retention functions); not for users. */
package dev.clm.jdbc.internal;
