import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Figures } from './figures.ts';

// A call whose every Gun relay dies: the e2e test tests/e2e/fourParticipants.test.ts, run
// through the namespace runner with the relay kept down a full minute (CC_RELAYS_DOWN_BENCH_OUT).
// Three members are in the call when the relay is killed; a moderator mutes one and the
// namespace's loopback drops every packet for 10 s meanwhile. 60 s after the kill, each page
// counts the tiles of the other two; the figure is the share of them still shown.

const root = join(import.meta.dirname, '..');
const RUNS = 2;

interface RunReading {
  /** Tiles of the other call members each page shows. */
  shown: number[];
  /** Time from the kill to the count, ms. */
  downMs: number;
}

/** Runs the e2e test RUNS times; a failed run is reported and left out of the figure. */
async function runs(dir: string): Promise<RunReading[]> {
  const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
  const readings: RunReading[] = [];
  for (let run = 0; run < RUNS; run++) {
    const out = join(dir, `relays-down-${run}.json`);
    try {
      execFileSync(
        process.execPath,
        [tsx, join(root, 'tests/e2e/runInNetns.ts'), 'tests/e2e/fourParticipants.test.ts'],
        {
          cwd: root,
          env: { ...process.env, CC_RELAYS_DOWN_BENCH_OUT: out },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          maxBuffer: 64 * 1024 * 1024,
          timeout: 8 * 60_000,
        },
      );
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      const tail = `${stdout ?? ''}${stderr ?? ''}`.split('\n').slice(-60).join('\n');
      console.warn(`relays-down bench: e2e run ${run} failed:\n${tail}`);
    }
    // A run whose later steps failed still counted the tiles at 60 s.
    const text = await readFile(out, 'utf8').catch(() => undefined);
    if (text !== undefined) readings.push(JSON.parse(text) as RunReading);
  }
  return readings;
}

export default async function relaysDownBench(): Promise<Figures> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-relays-down-bench-'));
  try {
    const readings = await runs(dir);
    if (readings.length === 0) throw new Error('relays-down bench: no run counted the tiles');
    // Each of the three pages should show the two others.
    const expected = readings.reduce((sum, r) => sum + r.shown.length * (r.shown.length - 1), 0);
    const shown = readings.reduce((sum, r) => sum + r.shown.reduce((a, b) => a + b, 0), 0);
    const seconds = Math.round(Math.min(...readings.map((r) => r.downMs)) / 1000);
    return {
      'relays down: members still shown after 60 s': {
        value: Math.round((shown / expected) * 100),
        unit: 'percent',
        note: `${shown} of ${expected} tiles over ${readings.length} runs (3 members in the call, each page counting the 2 others) ${seconds} s after the only relay was killed, a 10 s network drop and a moderator's mute meanwhile`,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
