import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Figures, median } from './figures.ts';

// Calls across two NATs through TURN, in real Chromium: the e2e test tests/e2e/turnNat.test.ts
// (two browsers in their own namespaces behind MASQUERADE NATs, coturn in a third, the local
// stack reached through a proxy), run a few times through the namespace runner. Each run
// reports join-to-first-audio (click into the room, signature included, until both hear each
// other), audio back after one NAT's link was down for 4 s, and a privacy-mode join.

const root = join(import.meta.dirname, '..');
const RUNS = 3;

interface RunTimings {
  join?: number[];
  back?: number[];
  privacyJoin?: number[];
}

/** Runs the e2e file RUNS times; a failed run is reported and left out of the figures. */
async function runs(dir: string): Promise<RunTimings[]> {
  const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
  const results: RunTimings[] = [];
  for (let run = 0; run < RUNS; run++) {
    const out = join(dir, `turn-${run}.json`);
    try {
      execFileSync(
        process.execPath,
        [tsx, join(root, 'tests/e2e/runInNetns.ts'), 'tests/e2e/turnNat.test.ts'],
        {
          cwd: root,
          env: { ...process.env, CC_TURN_BENCH_OUT: out },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          maxBuffer: 64 * 1024 * 1024,
          timeout: 6 * 60_000,
        },
      );
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      const tail = `${stdout ?? ''}${stderr ?? ''}`.split('\n').slice(-60).join('\n');
      console.warn(`turn bench: e2e run ${run} failed:\n${tail}`);
      continue;
    }
    results.push(JSON.parse(await readFile(out, 'utf8')) as RunTimings);
  }
  return results;
}

/** The slower of the two members of each run (a call works when both hear), as a figure. */
function figure(readings: Array<number[] | undefined>, note: string): Figures[string] {
  const values = readings.flatMap((pair) => (pair && pair.length > 0 ? [Math.max(...pair)] : []));
  if (values.length === 0) throw new Error(`turn bench: no run measured ${note}`);
  return { value: median(values), unit: 'ms', note: `median of ${values.length}; ${note}` };
}

export default async function turnBench(): Promise<Figures> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-turn-bench-'));
  try {
    const measured = await runs(dir);
    return {
      'turn: join to first audio': figure(
        measured.map((run) => run.join),
        'two members behind separate NATs, relayed by coturn; click into the room -> both hear',
      ),
      'turn: audio back after the network returns': figure(
        measured.map((run) => run.back),
        "one NAT's link down 4 s; link back -> both hear again",
      ),
      'privacy: join to first audio': figure(
        measured.map((run) => run.privacyJoin),
        'privacy mode (relay-only ICE) on both sides; click -> both hear',
      ),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
