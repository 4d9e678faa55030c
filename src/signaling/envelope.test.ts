import { describe, expect, test } from 'vitest';
import { ENVELOPE_VERSION, type Envelope, envelopeSigningText, parseEnvelope } from './envelope.ts';

const valid: Envelope = {
  v: ENVELOPE_VERSION,
  kind: 'signal',
  room: 'cc/31337/0xabc/1/rooms/main',
  from: `${'a'.repeat(43)}.${'b'.repeat(43)}`,
  certHash: `0x${'1'.repeat(64)}`,
  to: `0x${'2'.repeat(40)}`,
  id: 'q3Jx0v5m0p1rTqk3o8b9Aw',
  ts: 1_800_000_000_000,
  seq: 5,
  body: 'SEA{}',
  sig: 'A'.repeat(88),
};

describe('parseEnvelope', () => {
  test('accepts a well-formed envelope', () => {
    expect(parseEnvelope(JSON.stringify(valid))).toEqual(valid);
  });

  test.each([
    ['not a string', { ...valid }],
    ['not JSON', '{oops'],
    ['another version', JSON.stringify({ ...valid, v: 2 })],
    ['an unknown kind', JSON.stringify({ ...valid, kind: 'admin' })],
    ['a bad sender key', JSON.stringify({ ...valid, from: 'mallory' })],
    ['a short id', JSON.stringify({ ...valid, id: 'abc' })],
    ['a fractional timestamp', JSON.stringify({ ...valid, ts: 1.5 })],
    ['a negative sequence', JSON.stringify({ ...valid, seq: -1 })],
    ['a checksummed recipient', JSON.stringify({ ...valid, to: `0x${'A'.repeat(40)}` })],
    ['a signature that is not base64', JSON.stringify({ ...valid, sig: '!'.repeat(88) })],
    ['a missing body', JSON.stringify({ ...valid, body: undefined })],
    ['an array', '[]'],
    ['null', 'null'],
  ])('rejects %s', (_name, value) => {
    expect(parseEnvelope(value)).toBeUndefined();
  });
});

describe('envelopeSigningText', () => {
  test('covers every field but the signature and the certificate', () => {
    const { sig: _sig, ...unsigned } = valid;
    const text = envelopeSigningText(unsigned);
    for (const changed of [
      { kind: 'beat' as const },
      { room: 'other' },
      { from: `${'c'.repeat(43)}.${'b'.repeat(43)}` },
      { certHash: `0x${'3'.repeat(64)}` },
      { to: `0x${'4'.repeat(40)}` },
      { id: 'z3Jx0v5m0p1rTqk3o8b9Aw' },
      { ts: valid.ts + 1 },
      { seq: valid.seq + 1 },
      { body: 'SEA{"x":1}' },
    ]) {
      expect(envelopeSigningText({ ...unsigned, ...changed })).not.toBe(text);
    }
    expect(envelopeSigningText({ ...unsigned, cert: { message: 'm', signature: '0x00' } })).toBe(
      text,
    );
  });
});
