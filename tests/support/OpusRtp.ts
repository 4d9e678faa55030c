import { createSocket, type Socket } from 'node:dgram';
import OpusScript from 'opusscript';

const RATE = 48_000;
/** 20 ms of mono audio at 48 kHz. */
const FRAME = 960;

/** RMS (0..1) of 16-bit little-endian PCM. */
function rms(pcm: Buffer): number {
  let sum = 0;
  const samples = Math.floor(pcm.length / 2);
  for (let i = 0; i < samples; i++) {
    const value = pcm.readInt16LE(i * 2) / 32_768;
    sum += value * value;
  }
  return samples === 0 ? 0 : Math.sqrt(sum / samples);
}

/**
 * A plain-RTP Opus endpoint on loopback for media-server tests without WebRTC: it sends a
 * 440 Hz tone to a port (as a plain-RTP participant of Janus AudioBridge would) and decodes
 * what reaches it (an AudioBridge RTP forwarder's mix) to tell sound from silence.
 *
 * @example
 * const probe = await OpusRtp.open();
 * await control.request({ request: 'rtp_forward', room, host: '127.0.0.1', port: probe.port, ... });
 * await probe.heard(0.05, 5_000);
 */
export class OpusRtp {
  readonly #socket: Socket;
  readonly #encoder = new OpusScript(RATE, 1, OpusScript.Application.AUDIO);
  readonly #decoder = new OpusScript(RATE, 1, OpusScript.Application.AUDIO);
  #levels: Array<{ at: number; level: number }> = [];
  #tone: ReturnType<typeof setInterval> | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (packet) => {
      if (packet.length <= 12) return;
      // RTP header: 12 bytes plus 4 per CSRC, plus an extension block when the X bit is set.
      let offset = 12 + ((packet[0] ?? 0) & 0x0f) * 4;
      if ((packet[0] ?? 0) & 0x10) offset += 4 + packet.readUInt16BE(offset + 2) * 4;
      try {
        const level = rms(this.#decoder.decode(packet.subarray(offset)));
        this.#levels.push({ at: Date.now(), level });
        if (this.#levels.length > 500) this.#levels = this.#levels.slice(-250);
      } catch {
        // Not Opus: not counted.
      }
    });
  }

  /** Binds a UDP socket on 127.0.0.1. */
  static async open(): Promise<OpusRtp> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new OpusRtp(socket);
  }

  /** The port it receives on. */
  get port(): number {
    return this.#socket.address().port;
  }

  /** Loudest level received during the last `windowMs`. */
  level(windowMs: number): number {
    const since = Date.now() - windowMs;
    return Math.max(
      0,
      ...this.#levels.filter((entry) => entry.at >= since).map((entry) => entry.level),
    );
  }

  /** Resolves once a level above `threshold` arrives; rejects after `timeoutMs`. */
  async heard(threshold: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.level(200) <= threshold) {
      if (Date.now() > deadline)
        throw new Error(`nothing above ${threshold} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends a 440 Hz tone as Opus RTP (payload type `payloadType`) to 127.0.0.1:`port`. */
  startTone(port: number, payloadType: number): void {
    this.stopTone();
    let sequence = 0;
    let timestamp = 0;
    const ssrc = Math.floor(Math.random() * 2 ** 31);
    this.#tone = setInterval(() => {
      const pcm = Buffer.alloc(FRAME * 2);
      for (let i = 0; i < FRAME; i++) {
        pcm.writeInt16LE(
          Math.round(Math.sin((2 * Math.PI * 440 * (timestamp + i)) / RATE) * 12_000),
          i * 2,
        );
      }
      const payload = this.#encoder.encode(pcm, FRAME);
      const header = Buffer.alloc(12);
      header[0] = 0x80;
      header[1] = payloadType & 0x7f;
      header.writeUInt16BE(sequence & 0xffff, 2);
      header.writeUInt32BE(timestamp >>> 0, 4);
      header.writeUInt32BE(ssrc, 8);
      this.#socket.send(Buffer.concat([header, payload]), port, '127.0.0.1');
      sequence += 1;
      timestamp += FRAME;
    }, 20);
  }

  stopTone(): void {
    if (this.#tone) clearInterval(this.#tone);
    this.#tone = undefined;
  }

  close(): void {
    this.stopTone();
    this.#socket.close();
    this.#encoder.delete();
    this.#decoder.delete();
  }
}
