import { decodePacket } from './decode-packet.js';

describe('decodePacket', () => {
  it('reads { pattern, data }', () => {
    expect(decodePacket(Buffer.from('{"pattern":"user.followed","data":{"a":1}}'))).toEqual({
      pattern: 'user.followed',
      data: { a: 1 },
    });
  });

  it('refuses a body over the size limit without parsing it', () => {
    const big = Buffer.from(JSON.stringify({ pattern: 'p', data: 'x'.repeat(70_000) }));
    expect(() => decodePacket(big)).toThrow(expect.objectContaining({ details: ['body is over 65536 bytes'] }));
  });

  it.each([
    ['not JSON', '{oops', 'body is not JSON'],
    ['a JSON array', '[1,2]', 'body is not a JSON object'],
    ['JSON null', 'null', 'body is not a JSON object'],
    ['no pattern', '{"data":{}}', 'pattern is missing or not a string'],
    ['a numeric pattern', '{"pattern":5}', 'pattern is missing or not a string'],
  ])('refuses %s as MALFORMED_MESSAGE', (_label, body, detail) => {
    expect(() => decodePacket(Buffer.from(body))).toThrow(
      expect.objectContaining({ code: 'MALFORMED_MESSAGE', details: [detail] }),
    );
  });
});
