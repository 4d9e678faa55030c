import { AppError } from '../core/errors.ts';

/**
 * The mesh's AppErrors, built in one place so codes and wording stay consistent.
 *
 * @example
 * throw meshErrors.speakerLimit(6);
 */
export const meshErrors = {
  microphoneDenied: (cause?: unknown) =>
    new AppError('MICROPHONE_DENIED', 'Microphone permission denied', { category: 'user', cause }),
  microphoneMissing: (cause?: unknown) =>
    new AppError('MICROPHONE_MISSING', 'No microphone found', { category: 'user', cause }),
  speakerLimit: (cap: number) =>
    new AppError('SPEAKER_LIMIT', `The room already has ${cap} speakers`, {
      category: 'user',
      details: `cap ${cap}`,
    }),
  outputUnsupported: (cause?: unknown) =>
    new AppError('AUDIO_OUTPUT_UNSUPPORTED', 'Output device choice is not supported', {
      category: 'user',
      cause,
    }),
};
