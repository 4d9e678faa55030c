export interface ExplainEntrySignaturesParameters {
  /** How long the session lasts. */
  lifetimeMs: number;
  /** Network name, e.g. "Arbitrum One". */
  chainName: string;
  /** Whether chat's one-time signature follows (chat was never set up in this browser). */
  withChat: boolean;
}

/**
 * The words the UI shows before the wallet opens to enter a room: what is signed and what
 * each signature does, one short sentence each. The wallet itself shows the site asking.
 *
 * @example
 * explainEntrySignatures({ lifetimeMs: 86_400_000, chainName: 'Arbitrum One', withChat: true });
 * // ['Your wallet asks you to sign two messages, one after the other: …', …]
 */
export function explainEntrySignatures(parameters: ExplainEntrySignaturesParameters): string[] {
  const hours = Math.max(1, Math.round(parameters.lifetimeMs / 3_600_000));
  const lasting =
    hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`;
  const key = `a key that cannot leave this browser speak for you in this app's rooms on ${parameters.chainName} for ${lasting}`;
  if (!parameters.withChat) {
    return [
      'Your wallet asks you to sign one message: it is not a transaction and costs no gas.',
      `It lets ${key}.`,
    ];
  }
  return [
    'Your wallet asks you to sign two messages, one after the other: neither is a transaction, and each costs no gas.',
    `The first lets ${key}.`,
    'The second proves that the chat keys made here are yours, once for this browser.',
  ];
}
