import { AppError } from '../core/errors.ts';

/** What the member asked of the gate about a recording. */
export type RecordingAction = 'start' | 'stop' | 'download';

const doing: Record<RecordingAction, string> = {
  start: 'Recording did not start',
  stop: 'Recording did not stop',
  download: 'The recording could not be downloaded',
};

/** The gate's refusal codes, in words a host reads (`{ error: { code } }` of the gate). */
const refusalWords: Record<string, string> = {
  NOT_A_MODERATOR:
    "only the community's owner or an admin may record or download, and the gate read on the contract that this address is neither",
  NO_RECORDING: 'the gate holds no finished recording of this room (it keeps the last one)',
  MEDIA_UNAVAILABLE: 'the gate could not reach its media server',
  RATE_LIMITED: 'the gate limits how often one address asks; wait a minute',
  RPC_UNAVAILABLE: 'the gate could not read the chain to check your role',
  NOT_A_MEMBER: 'the gate found this address off the allowlist',
  CERTIFICATE_EXPIRED: 'your session expired; enter the room again',
  STALE: "this computer's clock is too far from the gate's",
};

/**
 * The recording's AppErrors: `details` says what failed and why, in words (the gate's
 * refusal code mapped to a sentence, or its code and message when it is not one we know).
 *
 * @example
 * throw recordingErrors.refused('start', 'NOT_A_MODERATOR', 'not an owner or admin');
 */
export const recordingErrors = {
  refused: (action: RecordingAction, code: string, message: string) =>
    new AppError(
      code === 'NOT_A_MODERATOR' ? 'NOT_AUTHORIZED' : 'RECORDING_UNAVAILABLE',
      `${doing[action]}: the gate refused (${code})`,
      {
        category: code === 'NOT_A_MODERATOR' ? 'user' : 'network',
        details: `${doing[action]}: ${refusalWords[code] ?? `the gate answered ${code}${message ? ` (${message})` : ''}`}.`,
      },
    ),
  unreachable: (action: RecordingAction, host: string, cause?: unknown) =>
    new AppError('RECORDING_UNAVAILABLE', `${doing[action]}: ${host} did not answer`, {
      category: 'network',
      details: `${doing[action]}: the gate at ${host} did not answer.`,
      cause,
    }),
  /** The gate answered with something that is not a recording answer. */
  garbled: (action: RecordingAction, host: string) =>
    new AppError('RECORDING_UNAVAILABLE', `${doing[action]}: ${host} answered something else`, {
      category: 'network',
      details: `${doing[action]}: the gate at ${host} answered something that is not a recording.`,
    }),
  /** A file larger than a browser tab should hold in memory (`MAX_RECORDING_BYTES`). */
  tooLarge: (bytes: number) =>
    new AppError(
      'RECORDING_UNAVAILABLE',
      `The recording is too large to download here: ${bytes} bytes`,
      {
        category: 'user',
        details: `The recording could not be downloaded: at ${Math.round(bytes / 1_048_576)} MB it is larger than this page takes; ask the gate's operator for the file.`,
      },
    ),
  /** Asked before the room runs on a media server (no gate to ask). */
  noGate: (action: RecordingAction) =>
    new AppError('RECORDING_UNAVAILABLE', `${doing[action]}: the room is not on a media server`, {
      category: 'user',
      details: `${doing[action]}: only a room on a media server can be recorded, and this one is not on one yet.`,
    }),
};
