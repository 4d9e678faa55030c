import type Arweave from 'arweave';
import type { JWKInterface } from 'arweave/node/lib/wallet.js';
import { formatAr, quoteWinston, transactionKnown } from './gateway.ts';
import { type JournalEntry, UploadJournal } from './journal.ts';
import { type SiteFile, sha256Hex } from './listSiteFiles.ts';
import { buildPathManifest, MANIFEST_CONTENT_TYPE } from './manifest.ts';

/** The plan shown before paying: what is uploaded, what is reused, and the fee. */
export interface DeployQuote {
  files: readonly (SiteFile & { reusedTxId: string | undefined })[];
  totalBytes: number;
  /** Bytes that will be posted (files not reused, plus the manifest). */
  uploadBytes: number;
  winston: bigint;
  ar: string;
  /** Wallet address and balance, when a wallet was given. */
  address: string | undefined;
  balanceWinston: bigint | undefined;
}

/**
 * What a deploy of `files` would post and cost: files whose content the journal holds as
 * posted, and which the gateway knows, are reused; the rest are priced through `/price`.
 */
export async function makeQuote(
  arweave: Arweave,
  files: readonly SiteFile[],
  journal: UploadJournal,
  wallet: JWKInterface | undefined,
): Promise<DeployQuote> {
  const planned: (SiteFile & { reusedTxId: string | undefined })[] = [];
  for (const file of files) {
    const entry = journal.get(UploadJournal.key(file.sha256, file.contentType));
    planned.push({ ...file, reusedTxId: await reusable(arweave, entry) });
  }
  const toUpload = planned.filter((file) => !file.reusedTxId).map((file) => file.size);
  // With every file reused the manifest is known, and may itself be reused; otherwise
  // quote it with a generous estimate (about 60 bytes per path).
  const manifestReused =
    toUpload.length === 0
      ? await reusable(
          arweave,
          journal.get(manifestKey(planned.map((f) => ({ path: f.path, id: f.reusedTxId })))),
        )
      : undefined;
  const manifestBytes = manifestReused
    ? 0
    : 200 + files.reduce((sum, file) => sum + file.path.length + 64, 0);
  const sizes = manifestReused ? toUpload : [...toUpload, manifestBytes];
  const winston = sizes.length === 0 ? 0n : await quoteWinston(arweave, sizes);
  const address = wallet ? await arweave.wallets.jwkToAddress(wallet) : undefined;
  const balance = address ? BigInt(await arweave.wallets.getBalance(address)) : undefined;
  return {
    files: planned,
    totalBytes: files.reduce((sum, file) => sum + file.size, 0),
    uploadBytes: toUpload.reduce((sum, size) => sum + size, 0) + manifestBytes,
    winston,
    ar: formatAr(winston),
    address,
    balanceWinston: balance,
  };
}

/** The journaled tx id if everything was sent and the gateway knows it. */
export async function reusable(
  arweave: Arweave,
  entry: JournalEntry | undefined,
): Promise<string | undefined> {
  if (entry?.state !== 'posted') return undefined;
  return (await transactionKnown(arweave, entry.txId)) ? entry.txId : undefined;
}

/** The manifest bytes for `entries` (missing ids as empty strings, for a size estimate). */
export function manifestBytes(
  entries: readonly { path: string; id?: string | undefined }[],
): Uint8Array {
  const ids = entries.map((entry) => ({ path: entry.path, id: entry.id ?? '' }));
  return new TextEncoder().encode(JSON.stringify(buildPathManifest(ids)));
}

/** Journal key of the manifest for `entries`. */
export function manifestKey(entries: readonly { path: string; id?: string | undefined }[]): string {
  return UploadJournal.key(sha256Hex(manifestBytes(entries)), MANIFEST_CONTENT_TYPE);
}
