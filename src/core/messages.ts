import { AppError, type ErrorCode } from './errors.ts';

/** The words a person sees for each error code: what happened and what to do next. */
export const errorMessages: Record<ErrorCode, string> = {
  CONFIG_INVALID: 'This copy of the app is misconfigured. Please tell the community admins.',
  WALLET_NOT_FOUND:
    'No wallet was found. Install a browser wallet, or use the burner wallet locally.',
  WALLET_REJECTED: 'You declined the request in your wallet. Nothing was changed.',
  WRONG_CHAIN: 'Your wallet is on a different network. Switch networks to continue.',
  CHAIN_SWITCH_REJECTED:
    'You declined the network switch in your wallet. Nothing was changed; switch when you are ready.',
  CHAIN_SWITCH_UNSUPPORTED:
    "Your wallet cannot switch to this app's network by itself. Add or choose the network in your wallet, then come back.",
  CHAIN_SWITCH_FAILED:
    'Your wallet did not switch networks. Try again, or choose the network in your wallet.',
  RPC_UNAVAILABLE: 'The blockchain node is not answering. Check your connection and try again.',
  CONTRACT_REVERTED: 'The contract refused the transaction.',
  NOT_A_MEMBER: 'This address is not on the community allowlist.',
  ACCESS_REVOKED:
    'You no longer have access to this community (an admin removed you, or its entry rules changed), so the call has ended.',
  COMMUNITY_NOT_FOUND: 'That community does not exist on this network.',
  COMMUNITY_INACTIVE: 'This community has been deactivated by its owner.',
  CERTIFICATE_INVALID: 'The session signature could not be verified.',
  ADDRESS_INVALID: 'That is not a valid address or ENS name. Check it and try again.',
  NAME_NOT_FOUND: 'That ENS name does not point to an address.',
  NOT_AUTHORIZED: 'Your account is not allowed to do that in this community.',
  MEDIA_MODERATION_REFUSED:
    'The media server this room runs through did not carry that out (its gate refused or did not answer), so nothing changed. Try again in a moment.',
  RELAY_UNAVAILABLE: 'No relay is reachable, so nobody else can see you right now.',
  FEATURE_UNAVAILABLE: 'This part of the app is not available yet.',
  MICROPHONE_DENIED:
    'The browser was not allowed to use your microphone. Allow it in the site settings to speak.',
  MICROPHONE_MISSING: 'No microphone was found. Plug one in to speak; you can still listen.',
  SPEAKER_LIMIT:
    'The room has as many speakers as it can carry. You can listen, or raise your hand.',
  PEER_CONNECTION_FAILED: 'The audio connection to a participant failed. Reconnecting…',
  AUDIO_OUTPUT_UNSUPPORTED:
    'This browser cannot choose the speaker; audio plays on the default one.',
  CHAT_LOCKED:
    'Chat is open in another tab of this browser, which holds its one chat connection. Use that tab, or close it and chat here.',
  CHAT_INSTALLATION_LIMIT:
    'Your wallet has chat set up in too many browsers. Revoke an old one to use chat here.',
  CHAT_UNAVAILABLE: 'The chat network is not answering. Messages you type are kept and sent later.',
  CHAT_SEND_FAILED:
    'A message could not be sent yet. It is kept; retry, or it goes when you are back online.',
  CHAT_SIGNATURE_INVALID:
    'The chat network could not verify the signature from your wallet, so chat was not set up. A smart-contract wallet must be deployed on this network and accept the signature; then try again.',
  TURN_UNAVAILABLE:
    "The community's relay server for calls did not give this browser access, so calls try a direct connection, which some networks block.",
  PRIVATE_CALL_UNAVAILABLE:
    'Privacy mode needs a relay server for calls, and none is available, so this call cannot connect privately. Turn privacy mode off to connect directly (members then see your IP address), or try again later.',
  MEDIA_UNAVAILABLE:
    "The room's media server could not be reached or refused this browser. The app tries again, and another server if the community has one.",
  RECORDING_UNAVAILABLE:
    "The media server's gate did not do that, so the recording stands as the room shows it. The reason is below; try again in a moment.",
  SERVER_REFUSED:
    'A server this community names is not used: the address is malformed, points into a private network, or this site does not take community servers.',
  BROADCAST_URL_INVALID:
    'That is not a WHIP address. Enter the https:// ingest URL your streaming service gave you.',
  BROADCAST_HOST_NOT_ALLOWED:
    'This site may only broadcast to the streaming hosts in its configuration; that address is not one of them.',
  BROADCAST_UNAUTHORIZED:
    'The streaming service refused the stream key or token. Check them and start again.',
  BROADCAST_NOT_FOUND:
    'The streaming service does not know this stream. Check the URL and the stream key in it.',
  BROADCAST_REFUSED: 'The streaming service refused the broadcast. Try again in a moment.',
  BROADCAST_UNREACHABLE:
    'The streaming service could not be reached. Check the URL and your connection.',
  BROADCAST_CONNECTION_FAILED:
    'The streaming service answered, but the audio could not get through to it (or stopped getting through).',
  INTERNAL: 'Something went wrong inside the app.',
};

/** The user-facing sentence for any thrown value. */
export function describeError(error: unknown): string {
  return errorMessages[AppError.from(error).code];
}
