import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { MESSAGES } from '../notifications.constants.js';

const BINARY_TYPES = new Set<number>([PacketType.BINARY_EVENT, PacketType.BINARY_ACK]);

/**
 * Socket.IO's decoder, minus binary attachments. The stock one buffers a
 * BINARY_EVENT's attachments (up to 10 frames of maxHttpBufferSize each) until
 * the last arrives, even on a connection that never authenticated: ~10 MB held
 * per socket. The protocol of this gateway is JSON only, so a binary header or
 * frame throws here, and socket.io's Client answers a decode error by closing
 * the connection before anything is stored (pinned by test/binary-and-frame-cap.e2e-spec.ts).
 */
export class TextOnlyDecoder extends Decoder {
  override add(chunk: unknown): void {
    if (typeof chunk !== 'string') throw new Error(MESSAGES.binaryRefused);
    // The packet type is the first character; a binary one announces attachments to come.
    if (BINARY_TYPES.has(chunk.charCodeAt(0) - 48)) throw new Error(MESSAGES.binaryRefused);
    super.add(chunk);
  }
}

/** The `parser` option of the Socket.IO server: stock encoder, text-only decoder. */
export const textOnlyParser = { Encoder, Decoder: TextOnlyDecoder };
