/**
 * A real Prometheus for the evaluation: backfills OpenMetrics with `promtool tsdb create-blocks-from openmetrics`,
 * then runs `prometheus` on loopback over those blocks (no scraping). The process is always killed and its
 * folder removed by {@link withPrometheus}, also when the work in between throws.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpPrometheus, type PrometheusClient } from '../prometheus';

/** The two binaries. */
export interface PrometheusTools {
  readonly promtool: string;
  readonly prometheus: string;
}

const LOCATIONS = ['/usr/bin', '/usr/local/bin', '/opt/prometheus'];

/** Finds promtool and prometheus (PATH first, then the usual folders); undefined when either is missing. */
export function findPrometheusTools(): PrometheusTools | undefined {
  const find = (name: string): string | undefined => {
    for (const candidate of [name, ...LOCATIONS.map((dir) => join(dir, name))]) {
      const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 20_000 });
      if (probe.status === 0) return candidate;
    }
    return undefined;
  };
  const promtool = find('promtool');
  const prometheus = find('prometheus');
  return promtool !== undefined && prometheus !== undefined ? { promtool, prometheus } : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode} before it was ready:\n${log()}`);
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus was not ready after ${timeoutMs} ms:\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** What {@link withPrometheus} hands the work. */
export interface RunningPrometheus {
  readonly client: PrometheusClient;
  readonly url: string;
  /** Samples backfilled. */
  readonly samples: number;
}

/**
 * Backfills `writeData(file)` into a fresh TSDB, runs Prometheus on it, calls `work`, then kills Prometheus and
 * removes every file, whatever happens.
 */
export async function withPrometheus<T>(tools: PrometheusTools, writeData: (file: string) => number, work: (p: RunningPrometheus) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'judge-eval-'));
  let child: ChildProcess | undefined;
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  try {
    const file = join(dir, 'data.om');
    const samples = writeData(file);
    const tsdb = join(dir, 'tsdb');
    const backfill = spawnSync(tools.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', file, tsdb], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000 });
    if (backfill.status !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics failed (${backfill.status ?? backfill.signal}):\n${backfill.stderr}${backfill.stdout}`.slice(0, 4000));
    rmSync(file, { force: true });
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      let output = '';
      child = spawn(
        tools.prometheus,
        [`--storage.tsdb.path=${tsdb}`, `--web.listen-address=127.0.0.1:${port}`, `--config.file=${config}`, '--storage.tsdb.retention.time=100y', '--log.level=warn', '--query.max-concurrency=32'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout?.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
      child.stderr?.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
      try {
        await waitReady(url, child, () => output, 60_000);
      } catch (error) {
        lastError = error;
        await stop(child);
        continue;
      }
      return await work({ client: httpPrometheus(url, { timeoutMs: 60_000 }), url, samples });
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  } finally {
    if (child !== undefined) await stop(child);
    process.removeListener('exit', killOnExit);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
