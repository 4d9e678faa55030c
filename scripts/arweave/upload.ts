import type Arweave from 'arweave';
import type { SerializedUploader } from 'arweave/node/lib/transaction-uploader.js';
import type { JWKInterface } from 'arweave/node/lib/wallet.js';
import { DeployError } from './errors.ts';

/** Parameters of {@link uploadData}. */
export interface UploadDataParameters {
  data: Uint8Array;
  contentType: string;
  wallet: JWKInterface;
  /** Progress saved by an earlier, interrupted run for this same data. */
  resumeFrom?: SerializedUploader | undefined;
  /** Called with the tx id before anything is posted, and after every chunk. */
  onState: (txId: string, uploader: SerializedUploader, complete: boolean) => Promise<void>;
  /** Bytes of this file sent so far. */
  onBytes?: (sent: number) => void;
}

/**
 * Posts `data` as one transaction tagged with its Content-Type, chunk by chunk, reporting
 * state after each step so the caller can journal it; continues `resumeFrom` when given.
 * Returns the transaction id.
 *
 * @example
 * const id = await uploadData(arweave, { data, contentType: 'text/html', wallet, onState });
 */
export async function uploadData(arweave: Arweave, params: UploadDataParameters): Promise<string> {
  const { data, wallet, onState, onBytes } = params;
  let uploader: Awaited<ReturnType<Arweave['transactions']['getUploader']>>;
  if (params.resumeFrom) {
    uploader = await arweave.transactions.getUploader(params.resumeFrom, data);
  } else {
    const tx = await arweave.createTransaction({ data }, wallet);
    tx.addTag('Content-Type', params.contentType);
    await arweave.transactions.sign(tx, wallet);
    uploader = await arweave.transactions.getUploader(tx, data);
  }
  const txId = uploader.toJSON().transaction.id;
  // Journal the id first: if we die mid-post, the next run asks the gateway about it.
  await onState(txId, serialize(uploader), false);
  while (!uploader.isComplete) {
    await uploader.uploadChunk();
    if (uploader.lastResponseError !== '') {
      throw new DeployError(
        'UPLOAD_FAILED',
        `Upload of ${txId} failed: ${uploader.lastResponseStatus} ${uploader.lastResponseError}`,
      );
    }
    onBytes?.(
      Math.min(data.byteLength, Math.round((uploader.pctComplete / 100) * data.byteLength)),
    );
    await onState(txId, serialize(uploader), uploader.isComplete);
  }
  return txId;
}

function serialize(uploader: { toJSON(): unknown }): SerializedUploader {
  // Round-trip through JSON: toJSON holds a Transaction instance, the journal wants data.
  return JSON.parse(JSON.stringify(uploader.toJSON())) as SerializedUploader;
}
