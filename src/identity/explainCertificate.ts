export interface CertificateExplanationParameters {
  /** The app's authority as the wallet shows it, e.g. `localhost:5173`. */
  domain: string;
  /** How long the session lasts. */
  lifetimeMs: number;
  /** Network name, e.g. "Arbitrum One". */
  chainName: string;
}

/**
 * The words the UI shows before the wallet opens: what the user signs, why, and what it
 * cannot do.
 *
 * @example
 * explainSessionCertificate({ domain: location.host, lifetimeMs: 86_400_000, chainName: 'Arbitrum One' });
 */
export function explainSessionCertificate(parameters: CertificateExplanationParameters): string {
  const hours = Math.max(1, Math.round(parameters.lifetimeMs / 3_600_000));
  const lasting =
    hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`;
  return [
    `Your wallet will ask you to sign one message from ${parameters.domain}.`,
    'It is not a transaction: it costs no gas and moves no funds.',
    `It lets a key made in this browser speak for your address in community rooms on ${parameters.chainName} for ${lasting},`,
    'so other members can check that your voice, presence and messages really come from you without your wallet being asked again.',
    'The key stays in this browser. Signing out forgets it; after it expires you will be asked once more.',
  ].join(' ');
}
