/** Broad kinds of failure; the UI picks tone and recovery from the category. */
export type ErrorCategory = 'user' | 'network' | 'chain' | 'trust' | 'config' | 'internal';

/**
 * Every code the app can raise. Each has user-facing words in `messages.ts`;
 * add the code there in the same change.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'WALLET_NOT_FOUND'
  | 'WALLET_REJECTED'
  | 'WRONG_CHAIN'
  | 'CHAIN_SWITCH_REJECTED'
  | 'CHAIN_SWITCH_UNSUPPORTED'
  | 'CHAIN_SWITCH_FAILED'
  | 'RPC_UNAVAILABLE'
  | 'CONTRACT_REVERTED'
  | 'NOT_A_MEMBER'
  | 'ACCESS_REVOKED'
  | 'COMMUNITY_NOT_FOUND'
  | 'COMMUNITY_INACTIVE'
  | 'CERTIFICATE_INVALID'
  | 'ADDRESS_INVALID'
  | 'NAME_NOT_FOUND'
  | 'NOT_AUTHORIZED'
  | 'MEDIA_MODERATION_REFUSED'
  | 'RELAY_UNAVAILABLE'
  | 'FEATURE_UNAVAILABLE'
  | 'MICROPHONE_DENIED'
  | 'MICROPHONE_MISSING'
  | 'SPEAKER_LIMIT'
  | 'PEER_CONNECTION_FAILED'
  | 'AUDIO_OUTPUT_UNSUPPORTED'
  | 'CHAT_LOCKED'
  | 'CHAT_INSTALLATION_LIMIT'
  | 'CHAT_UNAVAILABLE'
  | 'CHAT_SEND_FAILED'
  | 'CHAT_SIGNATURE_INVALID'
  | 'BROADCAST_URL_INVALID'
  | 'BROADCAST_HOST_NOT_ALLOWED'
  | 'BROADCAST_UNAUTHORIZED'
  | 'BROADCAST_NOT_FOUND'
  | 'BROADCAST_REFUSED'
  | 'BROADCAST_UNREACHABLE'
  | 'BROADCAST_CONNECTION_FAILED'
  | 'TURN_UNAVAILABLE'
  | 'PRIVATE_CALL_UNAVAILABLE'
  | 'SERVER_REFUSED'
  | 'MEDIA_UNAVAILABLE'
  | 'RECORDING_UNAVAILABLE'
  | 'INTERNAL';

interface AppErrorOptions {
  category: ErrorCategory;
  cause?: unknown;
  details?: string;
}

/**
 * The one error base of the app: a code for programs, a category for the UI,
 * the original `cause` kept for diagnostics.
 *
 * @example
 * throw AppError.wrongChain(42161, 1);
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly details: string | undefined;

  constructor(code: ErrorCode, shortMessage: string, options: AppErrorOptions) {
    super(shortMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.category = options.category;
    this.details = options.details;
  }

  static config(details: string): AppError {
    return new AppError('CONFIG_INVALID', `Invalid configuration: ${details}`, {
      category: 'config',
      details,
    });
  }

  static walletRejected(cause?: unknown): AppError {
    return new AppError('WALLET_REJECTED', 'The wallet request was rejected', {
      category: 'user',
      cause,
    });
  }

  static wrongChain(expected: number, actual: number): AppError {
    return new AppError('WRONG_CHAIN', `Wallet is on chain ${actual}, expected ${expected}`, {
      category: 'chain',
      details: `expected ${expected}, got ${actual}`,
    });
  }

  static rpcUnavailable(cause?: unknown): AppError {
    return new AppError('RPC_UNAVAILABLE', 'The chain RPC did not answer', {
      category: 'network',
      cause,
    });
  }

  static internal(message: string, cause?: unknown): AppError {
    return new AppError('INTERNAL', message, { category: 'internal', cause });
  }

  /** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return AppError.internal(message, error);
  }
}
