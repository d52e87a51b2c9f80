import { DEFAULT_LIMITS } from '../notifications.constants.js';
import { engineLimitOptions } from './engine-limits.js';
import { TextOnlyDecoder, textOnlyParser } from './text-only-parser.js';

describe('engineLimitOptions', () => {
  it('maps the limits onto Engine.IO and Socket.IO options, with the text-only parser', () => {
    expect(engineLimitOptions(DEFAULT_LIMITS)).toEqual({ maxHttpBufferSize: 65536, connectTimeout: 5000, parser: textOnlyParser });
  });

  it("keeps a gateway's own parser (a binary protocol such as msgpack is the host's choice)", () => {
    const msgpack = { Encoder: class {}, Decoder: class {} };
    expect(engineLimitOptions(DEFAULT_LIMITS, msgpack).parser).toBe(msgpack);
  });
});

describe('TextOnlyDecoder', () => {
  const decoded = (text: string) => {
    const decoder = new TextOnlyDecoder();
    const packets: unknown[] = [];
    decoder.on('decoded', (packet: unknown) => packets.push(packet));
    decoder.add(text);
    return packets;
  };

  it('decodes JSON packets as the stock decoder does', () => {
    expect(decoded('2/notifications,1["notify",{"a":1}]')).toEqual([{ type: 2, nsp: '/notifications', id: 1, data: ['notify', { a: 1 }] }]);
  });

  it.each([
    ['a BINARY_EVENT header', '51-["x",{"_placeholder":true,"num":0}]'],
    ['a BINARY_ACK header', '61-/notifications,3[{"_placeholder":true,"num":0}]'],
  ])('throws on %s, before a reconstructor exists', (_label, text) => {
    expect(() => decoded(text)).toThrow('Binary packets are not accepted');
  });

  it('throws on a binary frame', () => {
    expect(() => new TextOnlyDecoder().add(Buffer.from([1, 2, 3]))).toThrow('Binary packets are not accepted');
  });
});
