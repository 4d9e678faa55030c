import { describe, expect, it, vi } from 'vitest';
import { meshErrors } from './errors.ts';
import {
  A,
  C,
  D,
  fakeMeeting,
  fakeRemoteAudio,
  speaker,
  useFakeTimersInEachTest,
} from './testing.ts';

useFakeTimersInEachTest();

describe('Meeting microphone', () => {
  it('captures with echo cancellation, noise suppression and auto gain by default', async () => {
    const { meeting, audio } = fakeMeeting();
    await meeting.join();
    expect(audio.requests[0]).toEqual({
      deviceId: '',
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    });
    await meeting.setCaptureSettings({ noiseSuppression: false });
    expect(audio.requests.at(-1)?.noiseSuppression).toBe(false);
    expect(audio.openCaptures).toHaveLength(1);
  });

  it('mute disables the track and publishes the state to the roster', async () => {
    const { meeting, roster, audio, peers } = fakeMeeting();
    await meeting.join();
    roster.join(C, speaker);
    expect(peers.last?.sending).toBe(audio.captures[0]?.track);
    expect(roster.lastPublished).toMatchObject({ role: 'speaker', muted: false });

    meeting.setMuted(true);
    expect(audio.captures[0]?.track.enabled).toBe(false);
    expect(roster.lastPublished).toMatchObject({ muted: true });
    expect(meeting.local().muted).toBe(true);

    meeting.setMuted(false);
    expect(audio.captures[0]?.track.enabled).toBe(true);
    expect(roster.lastPublished).toMatchObject({ muted: false });
  });

  it('push-to-talk is muted except while the key is held', async () => {
    const { meeting, roster, audio } = fakeMeeting();
    await meeting.join();
    meeting.setPushToTalk(true);
    expect(audio.captures[0]?.track.enabled).toBe(false);
    meeting.setTalking(true);
    expect(audio.captures[0]?.track.enabled).toBe(true);
    expect(roster.lastPublished).toMatchObject({ muted: false });
    meeting.setTalking(false);
    expect(roster.lastPublished).toMatchObject({ muted: true });
  });

  it('a denied microphone leaves the member listening, with the reason', async () => {
    const { meeting, audio, roster } = fakeMeeting();
    audio.captureError = meshErrors.microphoneDenied();
    const notices: string[] = [];
    meeting.events.on('notice', (error) => notices.push(error.code));
    await meeting.join();
    expect(meeting.status).toBe('live');
    expect(meeting.local().role).toBe('listener');
    expect(meeting.local().microphoneError?.code).toBe('MICROPHONE_DENIED');
    expect(notices).toEqual(['MICROPHONE_DENIED']);
    expect(roster.lastPublished).toMatchObject({ role: 'listener' });

    audio.captureError = undefined;
    await meeting.retryMicrophone();
    expect(meeting.local()).toMatchObject({ role: 'speaker', microphoneError: undefined });
  });
});

describe('Meeting roles and the speaker cap', () => {
  it('joins as a listener when the room is at its speaker cap, and says so', async () => {
    const { meeting, roster, audio, peers } = fakeMeeting({ speakerCap: 2 });
    roster.join(A, speaker);
    roster.join(C, speaker);
    const notices: string[] = [];
    meeting.events.on('notice', (error) => notices.push(error.code));
    await meeting.join();
    expect(notices).toEqual(['SPEAKER_LIMIT']);
    expect(meeting.local().role).toBe('listener');
    expect(audio.captures).toHaveLength(0);
    expect(peers.last?.sending).toBeNull();
    await expect(meeting.setRole('speaker')).rejects.toMatchObject({ code: 'SPEAKER_LIMIT' });

    roster.leave(C);
    await meeting.setRole('speaker');
    expect(meeting.local().role).toBe('speaker');
  });

  it('in stage mode listeners send no audio; invited to speak, they do', async () => {
    const { meeting, roster, audio, peers } = fakeMeeting({ stage: true });
    await meeting.join();
    roster.join(C, { role: 'listener' });
    expect(audio.captures).toHaveLength(0);
    meeting.raiseHand(true);
    expect(roster.lastPublished).toMatchObject({ role: 'listener', hand: true });

    await meeting.setRole('speaker');
    expect(peers.last?.sending).toBe(audio.captures[0]?.track);
    expect(roster.lastPublished).toMatchObject({ role: 'speaker', hand: false });

    await meeting.setRole('listener');
    expect(peers.last?.sending).toBeNull();
    expect(audio.openCaptures).toHaveLength(0);
  });

  it('of two speakers who passed the cap at once, the later one steps down', async () => {
    const { meeting, roster } = fakeMeeting({ speakerCap: 2, clock: { now: () => 100 } });
    await meeting.join();
    roster.join(A, { ...speaker, speakerSince: 5 });
    expect(meeting.local().role).toBe('speaker');
    roster.join(C, { ...speaker, speakerSince: 50 });
    await vi.advanceTimersByTimeAsync(0);
    expect(meeting.local().role).toBe('listener');
  });

  it('shows remote muted and hand-raised state from the roster', async () => {
    const { meeting, roster } = fakeMeeting();
    await meeting.join();
    roster.join(C, { role: 'listener', muted: true, hand: true });
    expect(meeting.participants()[0]).toMatchObject({ muted: true, handRaised: true });
  });
});

describe('Meeting devices, levels and quality', () => {
  it('switches the microphone mid-call with replaceTrack and stops the old one', async () => {
    const { meeting, roster, audio, peers } = fakeMeeting();
    await meeting.join();
    roster.join(C, speaker);
    await meeting.setInputDevice('mic-2');
    expect(audio.requests.at(-1)?.deviceId).toBe('mic-2');
    expect(peers.last?.sending).toBe(audio.captures[1]?.track);
    expect(peers.last?.tracks).toHaveLength(2);
    expect(audio.openCaptures).toHaveLength(1);
  });

  it('falls back to the default microphone and speaker when they are unplugged', async () => {
    const { meeting, roster, audio, peers } = fakeMeeting();
    await meeting.join();
    roster.join(C, speaker);
    peers.last?.emitTrack(fakeRemoteAudio());
    await meeting.setInputDevice('mic-2');
    await meeting.setOutputDevice('out-1');
    expect(audio.playbacks[0]?.sinkId).toBe('out-1');

    audio.changeDevices([{ deviceId: 'mic-1', kind: 'audioinput', label: 'Mic 1' }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(meeting.devices()).toMatchObject({ inputId: '', outputId: '' });
    expect(audio.requests.at(-1)?.deviceId).toBe('');
    expect(audio.playbacks[0]?.sinkId).toBe('');
  });

  it('marks who is speaking from audio levels, and sets per-member volume', async () => {
    const { meeting, roster, audio, peers } = fakeMeeting({ timing: { levelIntervalMs: 100 } });
    await meeting.join();
    roster.join(C, speaker);
    peers.last?.emitTrack(fakeRemoteAudio());
    const playback = audio.playbacks[0];
    if (playback) playback.currentLevel = 0.2;
    await vi.advanceTimersByTimeAsync(100);
    expect(meeting.participants()[0]?.speaking).toBe(true);
    if (playback) playback.currentLevel = 0;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(meeting.participants()[0]?.speaking).toBe(false);

    meeting.setVolume(C, 0.3);
    expect(playback?.volume).toBe(0.3);
    expect(meeting.participants()[0]?.volume).toBe(0.3);
  });

  it('grades connection quality from getStats', async () => {
    const { meeting, roster, peers } = fakeMeeting({ timing: { statsIntervalMs: 1_000 } });
    await meeting.join();
    roster.join(C, speaker);
    const peer = peers.last;
    peer?.setState('connected');
    if (peer) peer.stats = { ...peer.stats, packetsReceived: 100, rttMs: 30 };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(meeting.participants()[0]?.quality).toBe('good');
    if (peer) peer.stats = { ...peer.stats, packetsReceived: 150, packetsLost: 20, rttMs: 30 };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(meeting.participants()[0]?.quality).toBe('poor');
  });
});

describe('Meeting lifetime', () => {
  it('leaving ends every peer, track, playback, listener and timer', async () => {
    const { meeting, roster, signaling, audio, peers } = fakeMeeting();
    await meeting.join();
    roster.join(A, speaker);
    roster.join(C, speaker);
    roster.join(D, speaker);
    signaling.deliver(A, { mesh: 1, session: 's', signal: { type: 'offer', sdp: 'x' } });
    for (const peer of peers.peers) peer.emitTrack(fakeRemoteAudio());
    peers.last?.setState('connected');
    peers.last?.setState('disconnected');
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    const left: unknown[] = [];
    meeting.events.on('left', (event) => left.push(event));

    meeting.leave();
    expect(meeting.status).toBe('left');
    expect(left).toEqual([{ reason: undefined }]);
    expect(peers.open).toHaveLength(0);
    expect(audio.openCaptures).toHaveLength(0);
    expect(audio.openPlaybacks).toHaveLength(0);
    expect(audio.closed).toBe(true);
    expect(roster.listenerCount()).toBe(0);
    expect(signaling.listenerCount()).toBe(0);
    expect(audio.deviceListenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends with its parent scope, and end(reason) reports why', async () => {
    const { meeting, scope, peers, roster } = fakeMeeting();
    await meeting.join();
    roster.join(C, speaker);
    const reasons: unknown[] = [];
    meeting.events.on('left', ({ reason }) => reasons.push(reason));
    meeting.end(meshErrors.speakerLimit(1));
    expect(reasons).toHaveLength(1);
    scope.end();
    expect(peers.open).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaving while the microphone is still opening releases it', async () => {
    const { meeting, audio } = fakeMeeting();
    const joining = meeting.join();
    meeting.leave();
    await joining;
    expect(audio.openCaptures).toHaveLength(0);
  });
});
