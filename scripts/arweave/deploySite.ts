import { readFile } from 'node:fs/promises';
import type Arweave from 'arweave';
import type { JWKInterface } from 'arweave/node/lib/wallet.js';
import { DeployError } from './errors.ts';
import { createGatewayClient, formatAr, getNetworkName, transactionKnown } from './gateway.ts';
import { UploadJournal } from './journal.ts';
import { listSiteFiles } from './listSiteFiles.ts';
import { MANIFEST_CONTENT_TYPE } from './manifest.ts';
import { type DeployQuote, makeQuote, manifestBytes, manifestKey, reusable } from './quote.ts';
import { appendDeploymentRecord, currentGitCommit, type DeploymentRecord } from './record.ts';
import { uploadData } from './upload.ts';
import { loadWallet, parseWallet } from './wallet.ts';

export type { DeployQuote } from './quote.ts';

/** Progress while uploading, for a progress bar. */
export interface DeployProgress {
  path: string;
  bytesDone: number;
  bytesTotal: number;
}

/** Parameters of {@link deploySite}. */
export interface DeploySiteParameters {
  distDir: string;
  gatewayUrl: string;
  /** A JWK file path, or an already parsed JWK; optional for a dry run only. */
  wallet?: string | object | undefined;
  journalPath: string;
  dryRun?: boolean;
  /** Skip `confirm`. */
  yes?: boolean;
  /** Asked with the quote before anything is posted, unless `yes`; false cancels. */
  confirm?: (quote: DeployQuote) => Promise<boolean>;
  onQuote?: (quote: DeployQuote) => void;
  onProgress?: (progress: DeployProgress) => void;
  /** Where to append the deployment record (deployments/arweave.json); none if absent. */
  recordPath?: string;
}

/** What {@link deploySite} did; `manifestId` is undefined after a dry run. */
export interface DeploySiteResult {
  quote: DeployQuote;
  manifestId: string | undefined;
  url: string | undefined;
  /** Transactions posted in this run (files and manifest), reused ones excluded. */
  posted: number;
  reused: number;
}

/**
 * Publishes the built site in `distDir`: each file as its own transaction with its
 * Content-Type, then a path manifest. Files already posted (same content, confirmed or
 * pending on the gateway) are reused through the journal, so a rerun after an
 * interruption, or a later deploy, does not pay for them again.
 *
 * @example
 * const { url } = await deploySite({
 *   distDir: 'dist', gatewayUrl: 'http://127.0.0.1:1984', wallet: 'w.jwk.json',
 *   journalPath: '.local/arweave-journal.json', yes: true,
 * });
 */
export async function deploySite(params: DeploySiteParameters): Promise<DeploySiteResult> {
  const files = await listSiteFiles(params.distDir);
  // The wallet is checked before the gateway is touched, so a bad key posts nothing.
  const wallet = await resolveWallet(params.wallet, params.dryRun === true);
  const arweave = createGatewayClient(params.gatewayUrl);
  const network = await getNetworkName(arweave, params.gatewayUrl);
  const journal = await UploadJournal.open(params.journalPath, network);

  const quote = await makeQuote(arweave, files, journal, wallet);
  params.onQuote?.(quote);
  if (params.dryRun) return { quote, manifestId: undefined, url: undefined, posted: 0, reused: 0 };

  if (!wallet) throw new Error('unreachable: wallet checked above');
  if (quote.balanceWinston !== undefined && quote.balanceWinston < quote.winston) {
    throw new DeployError(
      'INSUFFICIENT_FUNDS',
      `Wallet ${quote.address} holds ${formatAr(quote.balanceWinston)}, the upload costs ${quote.ar}.`,
    );
  }
  if (!params.yes) {
    if (!params.confirm) throw new DeployError('CANCELLED', 'Not confirmed: pass --yes to upload.');
    if (!(await params.confirm(quote)))
      throw new DeployError('CANCELLED', 'Cancelled; nothing was posted.');
  }

  const progress = { done: 0, total: quote.uploadBytes };
  const report = (path: string, extra: number) =>
    params.onProgress?.({ path, bytesDone: progress.done + extra, bytesTotal: progress.total });
  let posted = 0;
  const postedThisRun = new Map<string, string>();
  const ids: { path: string; id: string }[] = [];
  for (const file of quote.files) {
    if (file.reusedTxId) {
      ids.push({ path: file.path, id: file.reusedTxId });
      continue;
    }
    const key = UploadJournal.key(file.sha256, file.contentType);
    // The same bytes twice in one site (a copied asset) are paid for once.
    let id = postedThisRun.get(key);
    if (!id) {
      const data = await readFile(file.absolutePath);
      id = await postWithJournal(arweave, journal, key, data, file.contentType, wallet, (n) =>
        report(file.path, n),
      );
      postedThisRun.set(key, id);
      posted += 1;
    }
    progress.done += file.size;
    report(file.path, 0);
    ids.push({ path: file.path, id });
  }

  const manifestData = manifestBytes(ids);
  const key = manifestKey(ids);
  let manifestId = await reusable(arweave, journal.get(key));
  if (!manifestId) {
    manifestId = await postWithJournal(
      arweave,
      journal,
      key,
      manifestData,
      MANIFEST_CONTENT_TYPE,
      wallet,
      (n) => report('manifest', n),
    );
    posted += 1;
  }
  progress.done = progress.total;
  report('manifest', 0);

  const url = `${params.gatewayUrl.replace(/\/+$/, '')}/${manifestId}/`;
  if (params.recordPath) {
    const record: DeploymentRecord = {
      manifestId,
      url,
      gateway: params.gatewayUrl,
      network,
      time: new Date().toISOString(),
      gitCommit: await currentGitCommit(),
      sizeBytes: quote.totalBytes,
      fileCount: files.length,
      uploadedBytes: quote.uploadBytes,
      winston: quote.winston.toString(),
    };
    await appendDeploymentRecord(params.recordPath, record);
  }
  const reused = quote.files.filter((file) => file.reusedTxId).length;
  return { quote, manifestId, url, posted, reused };
}

async function resolveWallet(
  source: string | object | undefined,
  dryRun: boolean,
): Promise<JWKInterface | undefined> {
  if (source === undefined && dryRun) return undefined;
  if (typeof source === 'object') return parseWallet(source, 'the given wallet');
  return loadWallet(source);
}

/** arweave-js posts data of at most one chunk in the body of the transaction itself. */
const MAX_CHUNK_SIZE = 256 * 1024;

async function postWithJournal(
  arweave: Arweave,
  journal: UploadJournal,
  key: string,
  data: Uint8Array,
  contentType: string,
  wallet: JWKInterface,
  onBytes: (sent: number) => void,
): Promise<string> {
  const entry = journal.get(key);
  let resumeFrom = entry?.state === 'uploading' ? entry.uploader : undefined;
  if (entry && resumeFrom) {
    // Header known to the gateway: paid for already, so only the missing chunks are sent;
    // a file of one chunk went in the body of that post, so it is complete.
    // Unknown: it never landed (nothing was paid), so start a fresh transaction.
    if (await transactionKnown(arweave, entry.txId)) {
      if (data.byteLength <= MAX_CHUNK_SIZE) {
        await journal.set(key, {
          txId: entry.txId,
          size: data.byteLength,
          state: 'posted',
          updatedAt: new Date().toISOString(),
        });
        return entry.txId;
      }
      resumeFrom = { ...resumeFrom, txPosted: true, lastResponseError: '' };
    } else {
      resumeFrom = undefined;
    }
  }
  try {
    return await uploadData(arweave, {
      data,
      contentType,
      wallet,
      resumeFrom,
      onBytes,
      onState: (txId, uploader, complete) =>
        journal.set(key, {
          txId,
          size: data.byteLength,
          state: complete ? 'posted' : 'uploading',
          // Only an unfinished upload needs its progress; a finished one needs only the id.
          ...(complete ? {} : { uploader }),
          updatedAt: new Date().toISOString(),
        }),
    });
  } catch (cause) {
    if (cause instanceof DeployError) throw cause;
    throw new DeployError(
      'UPLOAD_FAILED',
      `Upload interrupted (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'run the same command again to resume without paying twice.',
      { cause },
    );
  }
}
