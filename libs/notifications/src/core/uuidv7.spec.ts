import { uuidv7 } from './uuidv7.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('has the version 7 and RFC variant bits', () => {
    expect(uuidv7()).toMatch(UUID_V7);
  });

  it('encodes the timestamp in the first 48 bits', () => {
    // The generator never goes back in time, so the asked-for ms must be later than
    // any id made before in this process: relative to the clock, never a fixed date.
    const ms = Date.now() + 10_000_000;
    const id = uuidv7(ms);
    const encoded = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(encoded).toBe(ms);
  });

  it('is unique and sorts in creation order within one millisecond', () => {
    const now = Date.now() + 20_000_000;
    const ids = Array.from({ length: 5000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
