import { describe, expect, it } from 'vitest';
import { GATE_REQUEST_VERSION } from '../turn/gateRequest.ts';
import { mediaRequestText, parseMediaGrant, parseMediaRequest } from './mediaGrant.ts';

const base = {
  v: GATE_REQUEST_VERSION,
  certificate: { message: 'm', signature: '0xabcd' as const },
  communityId: '1',
  gate: 'https://gate.example',
  ts: 1_800_000_000_000,
  nonce: 'abcdefghijklmnop',
  sig: 'c2ln',
  room: 'stage-town-hall',
} as const;
const target = '0x1111111111111111111111111111111111111111';

const grant = {
  server: 'wss://media.example/janus',
  room: 94_952_597_140_375,
  token: 'Ux-PpzcFzgYx65Pn8h0tUTHb',
  id: 104_838_531_710_294,
  display: '0x2222222222222222222222222222222222222222',
  canSpeak: false,
  recording: true,
  expiresAt: 1_800_000_060_000,
};

describe('media requests', () => {
  it('reads a join and a moderator action, and refuses asks with the wrong target', () => {
    expect(parseMediaRequest({ ...base, ask: 'join' })).toMatchObject({
      ask: 'join',
      room: base.room,
    });
    expect(parseMediaRequest({ ...base, ask: 'mute', target })).toMatchObject({
      ask: 'mute',
      target,
    });
    // A moderation without a target, a join with one, a made-up ask, a room id routes refuse.
    expect(parseMediaRequest({ ...base, ask: 'remove' })).toBeUndefined();
    expect(parseMediaRequest({ ...base, ask: 'join', target })).toBeUndefined();
    expect(parseMediaRequest({ ...base, ask: 'destroy' })).toBeUndefined();
    expect(parseMediaRequest({ ...base, ask: 'join', room: '../Lobby' })).toBeUndefined();
  });

  it('signs the room, the ask and the target: changing any changes the text', () => {
    const join = mediaRequestText({ ...base, ask: 'join' });
    expect(mediaRequestText({ ...base, ask: 'join', room: 'lobby' })).not.toBe(join);
    expect(mediaRequestText({ ...base, ask: 'invite', target })).not.toBe(
      mediaRequestText({ ...base, ask: 'remove', target }),
    );
  });
});

describe('media grants', () => {
  it('reads a gate answer, and refuses one that is not a Janus WebSocket grant', () => {
    expect(parseMediaGrant(grant)).toEqual(grant);
    expect(parseMediaGrant({ ...grant, server: 'https://media.example' })).toBeUndefined();
    expect(parseMediaGrant({ ...grant, token: 'short' })).toBeUndefined();
    expect(parseMediaGrant({ ...grant, room: -1 })).toBeUndefined();
  });
});
