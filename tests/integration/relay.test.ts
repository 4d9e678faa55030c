import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startRelay } from '../../scripts/relay/startRelay.ts';
import { Scope } from '../../src/core/Scope.ts';
import { createNodeGraph, tempDataDir, waitFor } from '../support/gunNode.ts';

describe('relay', () => {
  test('serves /health, counts peers and messages, prints stats lines, closes', async () => {
    const lines: string[] = [];
    const relay = await startRelay({
      host: '127.0.0.1',
      port: 0,
      dataDir: tempDataDir('cc-relay-'),
      onStats: (line) => lines.push(line),
      statsIntervalMs: 100,
    });
    const graph = await createNodeGraph([relay.url]);
    await waitFor(() => graph.relays()[0]?.state === 'up', 5_000, 'connected');
    graph.put('cc-test/relay', 'field', 'value');
    await waitFor(() => relay.stats().messagesIn > 0, 5_000, 'message counted');

    const health = await fetch(relay.healthUrl);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json');
    expect(await health.json()).toMatchObject({
      ok: true,
      peers: 1,
      connections: 1,
      refused: { oversize: 0, future: 0, rate: 0, closed: 0 },
      rssMb: expect.any(Number),
      heapMb: expect.any(Number),
    });
    await waitFor(() => lines.length > 0, 2_000, 'stats line');
    expect(lines[0]).toMatch(
      /^relay http:\/\/127\.0\.0\.1:\d+: 1 peers, 1 connections, \d+ messages in/,
    );

    const statuses: string[] = [];
    const scope = new Scope();
    graph.onRelay((status) => statuses.push(status.state), scope);
    await relay.close();
    await waitFor(() => statuses.includes('down'), 5_000, 'client saw the relay go');
    await expect(fetch(relay.healthUrl)).rejects.toThrow();
    scope.end();
    graph.close();
  });

  test('npm run relay: flags, health endpoint, clean stop', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const data = tempDataDir('cc-relay-cli-');
    const child = spawn(
      join(process.cwd(), 'node_modules/.bin/tsx'),
      [
        'scripts/relay.ts',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--data',
        data,
        '--max-value-chars',
        '20000',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      await waitFor(() => output.includes('Refusing:'), 20_000, 'relay started');
      expect(output).toContain('values over 20000 characters');
      expect(output).toContain('frames over 1048576 bytes');
      const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
      expect(health).toMatchObject({ ok: true, peers: 0 });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  test('npm run relay: a bad limit is refused with a clear message', async () => {
    const child = spawn(
      join(process.cwd(), 'node_modules/.bin/tsx'),
      ['scripts/relay.ts', '--port', '0', '--messages-per-second', 'lots'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(errors).toContain('--messages-per-second: expected a positive whole number, got lots');
  });
});
