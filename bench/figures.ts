/** One measured figure: a median (or single reading) with its unit. */
export interface Figure {
  value: number;
  unit: 'ms' | 'gas' | 'KB' | 'MB' | 'count' | 'percent' | 'members' | 'cpu%';
  /** How the value was taken, e.g. "median of 20" or "p95 of 80". */
  note?: string;
}

export type Figures = Record<string, Figure>;

/**
 * A bench module: `bench/<topic>.bench.ts` with a default export of this type.
 * `bench/run.ts` runs every module and merges their figures into `bench/latest.json`.
 */
export type BenchModule = () => Promise<Figures>;

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of `values` (0-100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
