import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { build } from 'vite';
import { writeToneWav } from '../tests/e2e/harness/writeToneWav.ts';
import { runTsxInTestNetns } from '../tests/e2e/netns.ts';
import type { Figures } from './figures.ts';

// What the browser benches share (bench/mesh.bench.ts, bench/media.bench.ts): a lab page built
// from the app's own parts, a driver re-run inside a network namespace made for the run, the
// page served on the namespace's loopback, and the CPU its Chromium spends.

/** Where the driver finds the built page and the tone its fake microphones play. */
export const LAB_DIST_ENV = 'CC_LAB_DIST';
export const LAB_WAV_ENV = 'CC_LAB_WAV';

/**
 * Host side of a browser bench: builds a page whose module is `main` (TypeScript source),
 * writes a continuous tone for the fake microphones, runs `driver` inside a namespace of its
 * own (with {@link LAB_DIST_ENV} and {@link LAB_WAV_ENV} set) and reads the figures from the
 * last line it prints.
 *
 * @example
 * export default () => runLab({ name: 'mesh', main: labEntry, driver: thisFile, timeoutMs: 15 * 60_000 });
 */
export async function runLab(options: {
  name: string;
  main: string;
  driver: string;
  timeoutMs: number;
}): Promise<Figures> {
  const dir = await mkdtemp(join(tmpdir(), `cc-${options.name}-bench-`));
  try {
    await writeFile(join(dir, 'main.ts'), options.main);
    await writeFile(join(dir, 'index.html'), '<script type="module" src="./main.ts"></script>');
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      base: './',
      build: { outDir: join(dir, 'dist'), target: 'es2022' },
    });
    const output = runTsxInTestNetns(`cc-${options.name}-${process.pid}`, options.driver, {
      env: { [LAB_DIST_ENV]: join(dir, 'dist'), [LAB_WAV_ENV]: await writeToneWav(dir) },
      timeoutMs: options.timeoutMs,
    });
    const line = output.trim().split('\n').at(-1) ?? '{}';
    return JSON.parse(line) as Figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Serves the built lab page on loopback (inside the driver's namespace). */
export async function serveLab(dist: string): Promise<{ url: string; close: () => void }> {
  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const file = join(dist, path === '/' ? 'index.html' : path);
    const type = extname(file) === '.js' ? 'text/javascript' : 'text/html';
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/**
 * CPU seconds used so far by this process's descendants (Chromium and its helpers, a server
 * the driver started), in all and for those named `apart` (e.g. `janus`).
 */
export async function childCpuSeconds(apart = ''): Promise<{ total: number; apart: number }> {
  const parents = new Map<number, number>();
  const cpu = new Map<number, number>();
  const names = new Map<number, string>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(name), Number(fields[1]));
    cpu.set(Number(name), (Number(fields[11]) + Number(fields[12])) / 100);
    names.set(Number(name), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
  }
  const seconds = { total: 0, apart: 0 };
  for (const [pid, used] of cpu) {
    let parent = parents.get(pid);
    while (parent !== undefined && parent > 1 && parent !== process.pid)
      parent = parents.get(parent);
    if (parent !== process.pid) continue;
    seconds.total += used;
    if (names.get(pid) === apart) seconds.apart += used;
  }
  return seconds;
}
