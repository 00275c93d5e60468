/**
 * The protocol's wire format: every message is a flat JSON object ({@link
 * dev.pfs.protocol.wire.WireObject}) carried as the data of a relay publish, converted by a
 * platform {@link dev.pfs.protocol.wire.JsonCodec}.
 */
package dev.pfs.protocol.wire;
