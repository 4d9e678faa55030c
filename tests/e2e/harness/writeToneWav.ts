import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const RATE = 48_000;

/**
 * Writes a continuous sine tone as a WAV file (48 kHz, mono, 16-bit PCM) into `dir` and returns
 * its path, for Chromium's `--use-file-for-fake-audio-capture` (see `launchBrowser`). Chromium
 * loops the file unless its path ends in `%noloop`, so a few seconds play for as long as a
 * call lasts; a whole number of periods per file keeps the loop free of clicks.
 *
 * @example
 * const wav = await writeToneWav(tmp); // 440 Hz, 3 s, half of full scale
 */
export async function writeToneWav(
  dir: string,
  { hz = 440, seconds = 3, amplitude = 0.5 } = {},
): Promise<string> {
  const samples = RATE * seconds;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const value = Math.round(amplitude * 32_767 * Math.sin((2 * Math.PI * hz * i) / RATE));
    data.writeInt16LE(value, i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  const path = join(dir, `tone-${hz}hz.wav`);
  await writeFile(path, Buffer.concat([header, data]));
  return path;
}
