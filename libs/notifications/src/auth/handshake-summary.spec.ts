import { handshakeSummary } from './handshake-summary.js';

describe('handshakeSummary', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

  it('names the peer, the transport and where the token was, and nothing from the URL', () => {
    const line = handshakeSummary({
      address: '10.0.0.7',
      transport: 'websocket',
      query: { token: jwt, [jwt]: '', EIO: '4' },
      headers: { authorization: `Bearer ${jwt}` },
    });
    expect(line).toBe('from 10.0.0.7 over websocket, token in query');
  });

  it('does not echo a transport name it does not know', () => {
    expect(handshakeSummary({ address: '::1', transport: jwt })).toBe('from ::1 over an unknown transport, no token');
  });
});
