import { createInterface } from 'node:readline/promises';
import type { DeployProgress, DeployQuote } from './deploySite.ts';
import { formatAr } from './gateway.ts';

/** Bytes for people: 1.2 MB, 34.5 KB, 12 B. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** Prints the plan: each file with size and whether it is reused, then the fee. */
export function printQuote(quote: DeployQuote): void {
  for (const file of quote.files) {
    const note = file.reusedTxId ? `reused ${file.reusedTxId}` : 'upload';
    console.info(`  ${file.path.padEnd(48)} ${formatBytes(file.size).padStart(9)}  ${note}`);
  }
  console.info(
    `${quote.files.length} files, ${formatBytes(quote.totalBytes)}; to upload ` +
      `${formatBytes(quote.uploadBytes)} (with the manifest) for about ${quote.ar}`,
  );
  if (quote.address && quote.balanceWinston !== undefined) {
    console.info(`wallet ${quote.address}: ${formatAr(quote.balanceWinston)}`);
  }
}

/** Asks y/N on the terminal; a non-interactive stdin is taken as no. */
export async function askToConfirm(quote: DeployQuote): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.error('stdin is not a terminal; pass --yes to upload without asking.');
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`Pay about ${quote.ar} and upload? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * A one-line progress bar on a terminal; elsewhere (CI logs) a line per file.
 */
export function createProgressBar(): (progress: DeployProgress) => void {
  let lastPath = '';
  return (progress) => {
    const ratio = progress.bytesTotal === 0 ? 1 : progress.bytesDone / progress.bytesTotal;
    const percent = Math.floor(ratio * 100);
    if (process.stdout.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      const line = `[${bar}] ${String(percent).padStart(3)}% ${formatBytes(progress.bytesDone)} ${progress.path}`;
      process.stdout.write(`\r${line.slice(0, (process.stdout.columns || 100) - 1).padEnd(60)}`);
      if (ratio >= 1) process.stdout.write('\n');
    } else if (progress.path !== lastPath) {
      console.info(`${String(percent).padStart(3)}% ${progress.path}`);
    }
    lastPath = progress.path;
  };
}
