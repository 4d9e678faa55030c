export interface CertificateExplanationParameters {
  /** How long the session lasts. */
  lifetimeMs: number;
  /** Network name, e.g. "Arbitrum One". */
  chainName: string;
}

/**
 * The words the UI shows before the wallet opens: what the user signs and what it does, in
 * two short sentences. The wallet itself shows the site asking.
 *
 * @example
 * explainSessionCertificate({ lifetimeMs: 86_400_000, chainName: 'Arbitrum One' });
 */
export function explainSessionCertificate(parameters: CertificateExplanationParameters): string {
  const hours = Math.max(1, Math.round(parameters.lifetimeMs / 3_600_000));
  const lasting =
    hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`;
  return [
    'Your wallet will ask you to sign one message: it is not a transaction and costs no gas.',
    `It lets a key that cannot leave this browser speak for you in this app's rooms on ${parameters.chainName} for ${lasting}.`,
  ].join(' ');
}
