import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { RecordingView, RoomRecording } from '../media/RoomRecording.ts';
import { recordingFileName } from '../media/recordingFileName.ts';

/** A downloaded recording and the name to save it under. */
export interface RecordingDownload {
  file: Blob;
  name: string;
}

/** What the host's recording controls are doing now. */
export type RecordingTask = 'idle' | 'starting' | 'stopping' | 'downloading';

/**
 * Runes view of a room's recording: the banner every member sees, and for the community's
 * owner and admins the Record / Stop / Download controls with their refusals in words.
 *
 * @example
 * const store = new RecordingStore(recording, { roomId: 'lobby', clock: systemClock,
 *   isModerator: () => moderators.isModerator(self) }, scope);
 * await store.start();
 */
export class RecordingStore {
  #view = $state.raw<RecordingView>({ status: 'off' });
  #recorded = $state(false);
  #moderator = $state(false);
  #task = $state<RecordingTask>('idle');
  #error = $state.raw<AppError | undefined>(undefined);
  readonly #recording: RoomRecording;
  readonly #parameters: { roomId: string; clock: Clock };

  constructor(
    recording: RoomRecording,
    parameters: { roomId: string; clock: Clock; isModerator: () => Promise<boolean> },
    scope: Scope,
  ) {
    this.#recording = recording;
    this.#parameters = parameters;
    this.#view = recording.view;
    recording.events.on(
      'view',
      (view) => {
        this.#view = view;
        this.#recorded = recording.recorded;
      },
      scope,
    );
    parameters.isModerator().then(
      (moderator) => {
        if (!scope.ended) this.#moderator = moderator;
      },
      () => {},
    );
  }

  /** What the banner says: recording (since when, by whom), just stopped, or nothing. */
  get view(): RecordingView {
    return this.#view;
  }
  /** The community's owner or an admin, by the contract: may record and download. */
  get moderator(): boolean {
    return this.#moderator;
  }
  /** A recording stopped while this member was here: the gate holds its file. */
  get recorded(): boolean {
    return this.#recorded;
  }
  get task(): RecordingTask {
    return this.#task;
  }
  /** Why the last start, stop or download did not happen. */
  get error(): AppError | undefined {
    return this.#error;
  }

  /** Calls `listener` with the chat line when this member stopped a recording. */
  onMade(listener: (line: string) => void, scope: Scope): void {
    this.#recording.events.on('made', listener, scope);
  }

  start(): Promise<void> {
    return this.#run('starting', () => this.#recording.start());
  }

  stop(): Promise<void> {
    return this.#run('stopping', () => this.#recording.stop());
  }

  /**
   * The room's last recording, named after the room and the time, or undefined when the gate
   * refused (see {@link error}).
   */
  async download(): Promise<RecordingDownload | undefined> {
    let download: RecordingDownload | undefined;
    await this.#run('downloading', async () => {
      const file = await this.#recording.download();
      const { roomId, clock } = this.#parameters;
      download = { file, name: recordingFileName(roomId, clock.now()) };
    });
    return download;
  }

  async #run(task: RecordingTask, action: () => Promise<void>): Promise<void> {
    if (this.#task !== 'idle') return;
    this.#task = task;
    this.#error = undefined;
    try {
      await action();
    } catch (error) {
      this.#error = AppError.from(error);
    } finally {
      this.#task = 'idle';
      this.#recorded = this.#recording.recorded;
    }
  }
}
