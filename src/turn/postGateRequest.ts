/** What a gate made of a request: its answer's body, its refusal, or no answer at all. */
export type GateAnswer =
  | { kind: 'answered'; body: unknown }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'unreachable'; cause: unknown };

/** Parameters of {@link postGateRequest}. */
export interface PostGateRequestParameters {
  /** The gate's base URL, e.g. `https://gate.example.org`. */
  gate: URL;
  /** The gate's path for this request, e.g. `/turn`. */
  path: string;
  /** The signed request, sent as JSON. */
  request: unknown;
  /** `text/plain` makes a CORS "simple" request: no preflight round trip before it. */
  contentType: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
}

/**
 * Posts a signed request to a gate (`/turn`, `/media`) and reads what it says: the answer's
 * JSON body, or its refusal code (`HTTP_<status>` when it names none), or that it did not
 * answer in time. The caller parses the body and words the error for its own users.
 *
 * @example
 * const answer = await postGateRequest({ gate: new URL(gateUrl), path: '/turn', request,
 *   contentType: 'text/plain;charset=UTF-8', fetch, timeoutMs: 8_000 });
 * if (answer.kind === 'answered') return parseTurnGrant(answer.body);
 */
export async function postGateRequest(parameters: PostGateRequestParameters): Promise<GateAnswer> {
  const { gate } = parameters;
  const endpoint = new URL(
    parameters.path.slice(1),
    gate.href.endsWith('/') ? gate : `${gate.href}/`,
  );
  let response: Response;
  try {
    response = await parameters.fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': parameters.contentType },
      body: JSON.stringify(parameters.request),
      signal: AbortSignal.timeout(parameters.timeoutMs),
    });
  } catch (cause) {
    return { kind: 'unreachable', cause };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { kind: 'answered', body };
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    kind: 'refused',
    code: typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
    message: typeof error?.message === 'string' ? error.message : '',
  };
}
