import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BenchModule, Figures } from './figures.ts';

// Runs every bench/*.bench.ts (or only those named on the command line),
// prints one table and writes bench/latest.json.
const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = (await readdir(dir))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.includes(basename(name, '.bench.ts')))
  .sort();

// Figures from modules not run this time are kept from the last run.
const latestPath = join(dir, 'latest.json');
const previous = await readFile(latestPath, 'utf8').then(
  (text) => JSON.parse(text) as Figures,
  () => ({}) as Figures,
);
const all: Figures = {};
for (const file of files) {
  const module = (await import(join(dir, file))) as { default: BenchModule };
  const started = performance.now();
  const figures = await module.default();
  Object.assign(all, figures);
  console.info(
    `${file}: ${Object.keys(figures).length} figures in ${Math.round(performance.now() - started)} ms`,
  );
}

const rows = Object.entries(all).map(([name, f]) => ({
  figure: name,
  value: Number.isInteger(f.value) ? f.value : Number(f.value.toFixed(2)),
  unit: f.unit,
  note: f.note ?? '',
}));
console.table(rows);
await writeFile(latestPath, `${JSON.stringify({ ...previous, ...all }, null, 2)}\n`);
console.info(`wrote ${latestPath}`);
// Gun clients keep timers of their own after a module closes them; the figures are written.
process.exit(0);
