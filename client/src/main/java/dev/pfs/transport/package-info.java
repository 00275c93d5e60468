/**
 * How a device reaches the relay: a small channel interface with a JVM implementation over
 * {@code java.net.http.WebSocket} and a browser one over the DOM WebSocket.
 */
package dev.pfs.transport;
