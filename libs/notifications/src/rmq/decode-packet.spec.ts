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
    ['a lone continuation byte', [0x80]],
    ['an invalid byte (0xff)', [0xff, 0xfe]],
    ['a truncated 3-byte sequence', [0xe2, 0x82]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['a UTF-16 surrogate in UTF-8', [0xed, 0xa0, 0x80]],
  ])('refuses a body with %s as MALFORMED_MESSAGE instead of decoding it with U+FFFD', (_label, bad) => {
    const body = Buffer.concat([Buffer.from('{"pattern":"notification.send","data":{"type":"t","broadcast":true,"data":"'), Buffer.from(bad), Buffer.from('"}}')]);
    expect(() => decodePacket(body)).toThrow(expect.objectContaining({ code: 'MALFORMED_MESSAGE', details: ['body is not valid UTF-8'] }));
  });

  it('reads multi-byte UTF-8 as is', () => {
    expect(decodePacket(Buffer.from('{"pattern":"p","data":"héllo → 🎉"}')).data).toBe('héllo → 🎉');
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
