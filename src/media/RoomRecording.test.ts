import { getAddress } from 'viem';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import { Scope } from '../core/Scope.ts';
import type { RecordingChannel } from './GunRecordingChannel.ts';
import { type RecordingGate, type RecordingView, RoomRecording } from './RoomRecording.ts';
import type { RecordingClaim } from './recordingClaims.ts';

const HOST = getAddress('0x000000000000000000000000000000000000D00D');
const ADMIN = getAddress('0x000000000000000000000000000000000000ADad');
const GATE = 'https://gate.example.org';

/** A fake of our RecordingChannel: claims set by the test, publications recorded in order. */
class FakeChannel implements RecordingChannel {
  readonly #events = new Emitter<{ change: undefined }>();
  readonly published: boolean[] = [];
  #claims: RecordingClaim[] = [];
  readonly log: string[];
  constructor(log: string[]) {
    this.log = log;
  }
  async publish(recording: boolean): Promise<void> {
    this.log.push(`publish ${recording}`);
    this.published.push(recording);
  }
  claims(): readonly RecordingClaim[] {
    return this.#claims;
  }
  onChange(listener: () => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
  }
  /** A verified claim arrived from the graph. */
  arrive(claim: RecordingClaim): void {
    this.#claims = [...this.#claims.filter((c) => c.by !== claim.by), claim];
    this.#events.emit('change', undefined);
  }
}

/** A fake of our RecordingGate: answers as the gate would, or refuses. */
class FakeGate implements RecordingGate {
  recording = false;
  refuse: AppError | undefined;
  readonly log: string[];
  constructor(log: string[]) {
    this.log = log;
  }
  async record(gateUrl: string, recording: boolean): Promise<boolean> {
    this.log.push(`gate ${recording} ${gateUrl}`);
    if (this.refuse) throw this.refuse;
    this.recording = recording;
    return recording;
  }
  async download(): Promise<Blob> {
    return new Blob(['RIFF']);
  }
}

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
  vi.useRealTimers();
});

function room(self = HOST) {
  const log: string[] = [];
  const channel = new FakeChannel(log);
  const gate = new FakeGate(log);
  const clock = { at: 1_000_000, now: () => clock.at };
  const scope = new Scope();
  scopes.push(scope);
  const recording = new RoomRecording({
    self,
    roomId: 'town-hall',
    channel,
    gate,
    clock,
    scope,
    stoppedShowMs: 5_000,
  });
  const views: RecordingView[] = [];
  const made: string[] = [];
  recording.events.on('view', (view) => views.push(view), scope);
  recording.events.on('made', (line) => made.push(line), scope);
  return { recording, channel, gate, clock, log, views, made };
}

const refusal = new AppError('NOT_AUTHORIZED', 'refused', { category: 'user' });

describe('RoomRecording', () => {
  test('the host announces the recording before asking the gate, and sees it at once', async () => {
    const { recording, log, clock } = room();
    recording.handleGrant({ recording: false }, GATE);
    await recording.start();
    expect(log).toEqual([`publish true`, `gate true ${GATE}`]);
    expect(recording.view).toEqual({ status: 'recording', since: clock.at, by: HOST });
  });

  test('a refused start withdraws the announcement, says nothing was recorded, and throws', async () => {
    const { recording, gate, channel } = room();
    recording.handleGrant({ recording: false }, GATE);
    gate.refuse = refusal;
    await expect(recording.start()).rejects.toBe(refusal);
    expect(channel.published).toEqual([true, false]);
    expect(recording.view.status).not.toBe('recording');
    expect(recording.recorded).toBe(false);
  });

  test('nothing is asked before the room has a gate (not on a media server)', async () => {
    const { recording, log } = room();
    await expect(recording.start()).rejects.toMatchObject({ code: 'RECORDING_UNAVAILABLE' });
    expect(log).toEqual([]);
  });

  test('stop: the gate first; then "stopped" for everyone and one chat line saying where the file is', async () => {
    const { recording, log, clock, made } = room();
    recording.handleGrant({ recording: false }, GATE);
    await recording.start();
    clock.at += 60_000;
    await recording.stop();
    expect(log.slice(2)).toEqual([`gate false ${GATE}`, 'publish false']);
    expect(recording.view).toEqual({ status: 'stopped', by: HOST });
    expect(recording.recorded).toBe(true);
    expect(made).toHaveLength(1);
    expect(made[0]).toContain(`${GATE}/media/recording/town-hall`);
    expect(made[0]).toContain('from 00:16 to 00:17 UTC');
    expect(made[0]).toContain("only the community's owner and admins can download it");
  });

  test('a refused stop keeps the banner and says nothing in the chat', async () => {
    const { recording, gate, channel, made } = room();
    recording.handleGrant({ recording: false }, GATE);
    await recording.start();
    gate.refuse = refusal;
    await expect(recording.stop()).rejects.toBe(refusal);
    expect(recording.view.status).toBe('recording');
    expect(channel.published).toEqual([true]);
    expect(made).toEqual([]);
  });

  test("a member already in the room sees another's recording, who started it, and its stop, which then clears", async () => {
    vi.useFakeTimers();
    const { recording, channel, clock, views } = room(ADMIN);
    channel.arrive({ recording: true, at: clock.at, by: HOST, confirmed: true });
    expect(recording.view).toEqual({ status: 'recording', since: clock.at, by: HOST });
    channel.arrive({ recording: false, at: clock.at + 1, by: HOST, confirmed: true });
    expect(recording.view).toEqual({ status: 'stopped', by: HOST });
    vi.advanceTimersByTime(4_999);
    expect(recording.view.status).toBe('stopped');
    vi.advanceTimersByTime(1);
    expect(recording.view).toEqual({ status: 'off' });
    expect(views.map((view) => view.status)).toEqual(['recording', 'stopped', 'off']);
  });

  test("a member joining during a recording is told by the gate's grant, before any claim arrives", () => {
    const { recording, channel, clock } = room(ADMIN);
    recording.handleGrant({ recording: true }, GATE);
    expect(recording.view).toEqual({ status: 'recording', since: clock.at, by: undefined });
    // A reconnection's grant says the same: the banner does not restart.
    clock.at += 5_000;
    recording.handleGrant({ recording: true }, GATE);
    expect(recording.view).toMatchObject({ since: clock.at - 5_000 });
    // An unconfirmed "stopped" does not clear it; the moderator's confirmed one does.
    channel.arrive({ recording: false, at: clock.at + 1, by: HOST, confirmed: false });
    expect(recording.view.status).toBe('recording');
    channel.arrive({ recording: false, at: clock.at + 2, by: HOST, confirmed: true });
    expect(recording.view.status).toBe('stopped');
  });
});
