/** A minimal gRPC-web client over `fetch`, to poke the node below the SDK. */
import { encodeDataFrame, FrameDecoder, parseTrailer } from '../../../scripts/xmtp-node/framing.ts';

/** What came back from a call: messages, then the status from the trailer frame. */
export interface GrpcReply {
  messages: Uint8Array[];
  status: number | undefined;
  message: string;
  headers: Headers;
}

const MAX_FRAME = 64 * 1024 * 1024;

/** POSTs one request message to `method` (`pkg.Service/Method`) and reads the whole reply. */
export async function grpcCall(
  baseUrl: string,
  method: string,
  request: Uint8Array,
): Promise<GrpcReply> {
  const response = await fetch(`${baseUrl}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
    body: encodeDataFrame(request),
  });
  const decoder = new FrameDecoder(MAX_FRAME);
  const reply: GrpcReply = {
    messages: [],
    status: undefined,
    message: '',
    headers: response.headers,
  };
  for (const frame of decoder.push(new Uint8Array(await response.arrayBuffer()))) {
    if (frame.trailer) readTrailer(reply, frame.payload);
    else reply.messages.push(frame.payload);
  }
  return reply;
}

/** An open server stream: messages as they arrive, and a way to hang up. */
export interface GrpcStream {
  next(timeoutMs?: number): Promise<Uint8Array | undefined>;
  /** The final status once the server ended the stream (undefined while open). */
  status(): number | undefined;
  cancel(): void;
}

/** Opens a server-streaming call. */
export async function grpcStream(
  baseUrl: string,
  method: string,
  request: Uint8Array,
): Promise<GrpcStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
    body: encodeDataFrame(request),
    signal: abort.signal,
  });
  if (response.body === null) throw new Error('stream without a body');
  const reader = response.body.getReader();
  const decoder = new FrameDecoder(MAX_FRAME);
  const queue: Uint8Array[] = [];
  const reply: GrpcReply = {
    messages: [],
    status: undefined,
    message: '',
    headers: response.headers,
  };
  let ended = false;
  const pump = async (): Promise<void> => {
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      return;
    }
    for (const frame of decoder.push(value)) {
      if (frame.trailer) readTrailer(reply, frame.payload);
      else queue.push(frame.payload);
    }
  };
  return {
    next: async (timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0 && !ended && Date.now() < deadline) {
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, deadline - Date.now()));
        await Promise.race([
          pump().catch(() => {
            ended = true;
          }),
          timeout,
        ]);
      }
      return queue.shift();
    },
    status: () => reply.status,
    cancel: () => abort.abort(),
  };
}

function readTrailer(reply: GrpcReply, payload: Uint8Array): void {
  const trailer = parseTrailer(payload);
  reply.status = Number(trailer['grpc-status']);
  reply.message = decodeURIComponent(trailer['grpc-message'] ?? '');
}
