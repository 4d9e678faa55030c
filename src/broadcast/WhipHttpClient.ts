import { broadcastErrors } from './errors.ts';
import { parseLinkIceServers } from './parseLinkIceServers.ts';
import type { WhipEndpoint, WhipHttp, WhipResource } from './types.ts';

/** Longest an endpoint may take to answer before it counts as unreachable. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Largest SDP answer read (an audio answer is a few KB). */
const MAX_ANSWER_CHARS = 64 * 1024;

function headers(endpoint: WhipEndpoint, extra: Record<string, string> = {}): Headers {
  const result = new Headers(extra);
  if (endpoint.token) result.set('Authorization', `Bearer ${endpoint.token}`);
  return result;
}

/**
 * The one real WhipHttp, over fetch: POST `application/sdp` and expect 201 with a Location
 * and the answer; DELETE the Location to stop. Redirects are followed (Livepeer's
 * `livepeer.studio/webrtc/<key>` sends each broadcaster to a regional ingest), and a
 * relative Location is resolved against the URL that answered.
 *
 * @example
 * const http = new WhipHttpClient();
 * const { location, answer } = await http.publish({ url, token }, offerSdp);
 */
export class WhipHttpClient implements WhipHttp {
  readonly #fetch: typeof fetch;

  constructor(fetchFunction: typeof fetch = (input, init) => fetch(input, init)) {
    this.#fetch = fetchFunction;
  }

  async publish(endpoint: WhipEndpoint, offer: string): Promise<WhipResource> {
    const response = await this.#request(endpoint.url, {
      method: 'POST',
      headers: headers(endpoint, { 'Content-Type': 'application/sdp' }),
      body: offer,
    });
    if (!response.ok) throw broadcastErrors.fromStatus(response.status);
    const location = response.headers.get('Location');
    if (!location) throw broadcastErrors.badAnswer('no Location header');
    const answer = await response.text();
    if (!answer.startsWith('v=0') || answer.length > MAX_ANSWER_CHARS) {
      throw broadcastErrors.badAnswer('no SDP answer');
    }
    return {
      location: new URL(location, response.url || endpoint.url).href,
      answer,
      iceServers: parseLinkIceServers(response.headers.get('Link')),
    };
  }

  async remove(endpoint: WhipEndpoint, location: string): Promise<void> {
    // keepalive: the DELETE still goes out when the host closes the tab.
    const response = await this.#request(location, {
      method: 'DELETE',
      headers: headers(endpoint),
      keepalive: true,
    });
    if (!response.ok) throw broadcastErrors.fromStatus(response.status);
  }

  async #request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.#fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      // fetch rejects only when no answer came (refused, DNS, CORS, the site's CSP, timeout).
      throw broadcastErrors.unreachable(error);
    }
  }
}
