import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SerializedUploader } from 'arweave/node/lib/transaction-uploader.js';

/** What the journal knows about one posted (or half-posted) file. */
export interface JournalEntry {
  txId: string;
  size: number;
  /** `uploading`: header maybe posted, chunks not all sent; `posted`: everything sent. */
  state: 'uploading' | 'posted';
  /** Progress of a chunked upload, so an interrupted one continues with the same tx. */
  uploader?: SerializedUploader;
  updatedAt: string;
}

interface JournalFile {
  version: 1;
  /** Keyed by network name from `/info` (ArLocal and mainnet never share ids). */
  networks: Record<string, Record<string, JournalEntry>>;
}

/**
 * A local record of uploads keyed by content hash and type, so a rerun after an
 * interruption, or the next deploy, reuses transactions instead of paying again.
 * Each change is written at once (via a temp file and rename, so a kill leaves
 * either the old or the new journal, never half of one).
 *
 * @example
 * const journal = await UploadJournal.open('.local/arweave-journal.json', 'arweave.N.1');
 */
export class UploadJournal {
  readonly #path: string;
  readonly #network: string;
  readonly #file: JournalFile;

  private constructor(path: string, network: string, file: JournalFile) {
    this.#path = path;
    this.#network = network;
    this.#file = file;
  }

  /** Reads the journal at `path` (a missing or unreadable file starts empty). */
  static async open(path: string, network: string): Promise<UploadJournal> {
    const file = await readFile(path, 'utf8').then(
      (text) => JSON.parse(text) as JournalFile,
      () => ({ version: 1, networks: {} }) as JournalFile,
    );
    if (file.version !== 1 || typeof file.networks !== 'object') {
      throw new Error(`${path}: unknown journal format; move it away to start afresh`);
    }
    return new UploadJournal(path, network, file);
  }

  /** The journal key of a file: its content and the type it is served with. */
  static key(sha256: string, contentType: string): string {
    return `${sha256}:${contentType}`;
  }

  get(key: string): JournalEntry | undefined {
    return this.#file.networks[this.#network]?.[key];
  }

  async set(key: string, entry: JournalEntry): Promise<void> {
    const network = this.#file.networks[this.#network] ?? {};
    network[key] = entry;
    this.#file.networks[this.#network] = network;
    await this.#save();
  }

  async #save(): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    const temp = `${this.#path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(this.#file, null, 2)}\n`);
    await rename(temp, this.#path);
  }
}
