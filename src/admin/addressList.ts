import type { Address } from 'viem';
import { AppError } from '../core/errors.ts';

/** One line of a pasted list, judged before anything is sent. */
export type AddressListLine =
  | { line: number; input: string; status: 'valid'; address: Address }
  | { line: number; input: string; status: 'duplicate'; address: Address; firstLine: number }
  | { line: number; input: string; status: 'member'; address: Address }
  | { line: number; input: string; status: 'invalid'; reason: string };

export interface ParsedAddressList {
  /** Every non-empty, non-comment line, in order. */
  lines: AddressListLine[];
  /** Unique addresses to add (not members yet), in order of first appearance. */
  valid: Address[];
  duplicates: number;
  invalid: number;
  /** Addresses already on the allowlist, which an add would skip. */
  members: number;
}

export interface ParseAddressListOptions {
  /** Turns a typed address or ENS name into an address (`NameService.resolveAddressInput`). */
  resolve: (input: string) => Promise<Address>;
  /** Most lines accepted. Default 5,000. */
  maxLines?: number;
  /** ENS names resolved at once. Default 8. */
  concurrency?: number;
  /** Which of these addresses are members already (one answer each, in order; from the chain). */
  areMembers?: (addresses: readonly Address[]) => Promise<boolean[]>;
}

/**
 * Parses a pasted list or CSV of addresses and ENS names, line by line: the first cell of
 * each line (cells split by comma, semicolon or tab; quotes dropped) is the entry. Empty lines
 * and `#` comments are skipped, and so is a header line such as `address,name`. Each line
 * comes back valid, duplicate (of an earlier line, also when a name resolves to an address
 * already listed), member (already on the allowlist, per `areMembers`) or invalid with a
 * reason in words.
 *
 * @example
 * const list = await parseAddressList('alice.eth\n0x7099...79C8\nnot an address', {
 *   resolve: (input) => names.resolveAddressInput(input),
 * });
 * list.valid;   // addresses to send
 * list.lines;   // what the table shows, line by line
 */
export async function parseAddressList(
  text: string,
  { resolve, maxLines = 5_000, concurrency = 8, areMembers }: ParseAddressListOptions,
): Promise<ParsedAddressList> {
  const entries: { line: number; input: string }[] = [];
  for (const [index, raw] of text.split(/\r\n|\n|\r/).entries()) {
    const input = firstCell(raw);
    if (input === '' || input.startsWith('#')) continue;
    if (entries.length === 0 && isHeader(input)) continue;
    entries.push({ line: index + 1, input });
  }
  if (entries.length > maxLines) {
    throw new AppError(
      'ADDRESS_INVALID',
      `The list has ${entries.length} entries; at most ${maxLines} at a time`,
      { category: 'user', details: `max ${maxLines}` },
    );
  }

  const resolved = await mapWithConcurrency(entries, concurrency, async ({ input }) => {
    try {
      return { ok: true as const, address: await resolve(input) };
    } catch (error) {
      return { ok: false as const, reason: AppError.from(error).message };
    }
  });

  const firstSeen = new Map<string, number>();
  let lines: AddressListLine[] = [];
  let valid: Address[] = [];
  let duplicates = 0;
  let invalid = 0;
  for (const [i, { line, input }] of entries.entries()) {
    const outcome = resolved[i];
    if (!outcome?.ok) {
      invalid++;
      lines.push({ line, input, status: 'invalid', reason: outcome?.reason ?? 'not checked' });
      continue;
    }
    const key = outcome.address.toLowerCase();
    const first = firstSeen.get(key);
    if (first !== undefined) {
      duplicates++;
      lines.push({ line, input, status: 'duplicate', address: outcome.address, firstLine: first });
      continue;
    }
    firstSeen.set(key, line);
    valid.push(outcome.address);
    lines.push({ line, input, status: 'valid', address: outcome.address });
  }
  if (!areMembers || valid.length === 0) return { lines, valid, duplicates, invalid, members: 0 };
  const answers = await areMembers(valid);
  const known = new Set(valid.filter((_, i) => answers[i] === true).map((a) => a.toLowerCase()));
  valid = valid.filter((address) => !known.has(address.toLowerCase()));
  lines = lines.map((line) =>
    line.status === 'valid' && known.has(line.address.toLowerCase())
      ? { line: line.line, input: line.input, status: 'member', address: line.address }
      : line,
  );
  return { lines, valid, duplicates, invalid, members: known.size };
}

function firstCell(raw: string): string {
  const cell = raw.split(/[,;\t]/)[0] ?? '';
  return cell
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim();
}

function isHeader(cell: string): boolean {
  return /^(address|addresses|wallet|account|member|members|ens|name)$/i.test(cell);
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
