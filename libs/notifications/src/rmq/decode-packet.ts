import { isUtf8 } from 'node:buffer';
import { LIMITS, MESSAGES } from '../notifications.constants.js';
import { MalformedMessageError } from '../notifications.errors.js';

export interface Packet {
  pattern: string;
  data: unknown;
}

/** `{ "pattern": string, "data": any }` or MalformedMessageError; nothing in between. */
export function decodePacket(content: Buffer): Packet {
  if (content.length > LIMITS.maxMessageBytes) {
    throw new MalformedMessageError(MESSAGES.malformedMessage, [`body is over ${LIMITS.maxMessageBytes} bytes`]);
  }
  // toString('utf8') would turn bad bytes into U+FFFD and push a message nobody sent.
  if (!isUtf8(content)) throw new MalformedMessageError(MESSAGES.malformedMessage, ['body is not valid UTF-8']);
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    throw new MalformedMessageError(MESSAGES.malformedMessage, ['body is not JSON']);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedMessageError(MESSAGES.malformedMessage, ['body is not a JSON object']);
  }
  const { pattern, data } = value as Record<string, unknown>;
  if (typeof pattern !== 'string' || pattern === '') {
    throw new MalformedMessageError(MESSAGES.malformedMessage, ['pattern is missing or not a string']);
  }
  return { pattern, data };
}
