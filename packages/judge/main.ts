/**
 * The judge server's entry point: reads flags and environment variables (the only place that does), validates
 * them all at once, starts the server, stops it on SIGTERM/SIGINT.
 *
 *   node judge.js --prometheus-url http://prometheus.monitoring:9090 [--port 8080] [--host 0.0.0.0]
 *                 [--exclude-source flagger-system/flagger-loadtester] [--query-timeout 4s]
 *
 * Environment variables, used when the flag is absent: PROMETHEUS_URL, PORT, HOST, JUDGE_EXCLUDE_SOURCE,
 * JUDGE_QUERY_TIMEOUT.
 */
import { parseArgs } from 'node:util';
import { Duration, DURATION_RULE } from './duration';
import { httpPrometheus } from './prometheus';
import type { SourceWorkload } from './queries';
import { parseExcludeSource } from './requests';
import { startJudgeServer, type RunningJudgeServer } from './server';

/** The server's configuration. */
export interface JudgeServerConfig {
  /** Prometheus base URL. Required. */
  readonly prometheusUrl: string;
  /** TCP port. @default 8080 */
  readonly port: number;
  /** Address to listen on. @default '0.0.0.0' */
  readonly host: string;
  /** The source workload left out when a request names none. @default - none */
  readonly excludeSource?: SourceWorkload;
  /** Timeout of each Prometheus query; keep the total under Flagger's webhook timeout (10s by default). @default 4s */
  readonly queryTimeout: Duration;
}

/** Invalid configuration: every problem, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid judge server configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The configuration from command-line `args` and `env` (flags win).
 * @throws ConfigError listing every problem
 */
export function parseConfig(args: readonly string[], env: Readonly<Record<string, string | undefined>>): JudgeServerConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        'prometheus-url': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'exclude-source': { type: 'string' },
        'query-timeout': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ConfigError([error instanceof Error ? error.message : String(error)]);
  }
  const get = (flag: string, variable: string): string | undefined => {
    const v = values[flag];
    return typeof v === 'string' ? v : env[variable];
  };
  const problems: string[] = [];
  const prometheusUrl = get('prometheus-url', 'PROMETHEUS_URL');
  if (prometheusUrl === undefined || prometheusUrl === '') problems.push('--prometheus-url (or PROMETHEUS_URL) is required, e.g. http://prometheus.monitoring:9090');
  else if (!/^https?:\/\/[^/\s]+/.test(prometheusUrl)) problems.push(`--prometheus-url ${JSON.stringify(prometheusUrl)} must be an http:// or https:// URL`);
  const portText = get('port', 'PORT') ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`--port ${JSON.stringify(portText)} must be a whole number 0-65535`);
  const host = get('host', 'HOST') ?? '0.0.0.0';
  let excludeSource: SourceWorkload | undefined;
  const excludeText = get('exclude-source', 'JUDGE_EXCLUDE_SOURCE');
  if (excludeText !== undefined) {
    const parsed = parseExcludeSource(excludeText);
    if (typeof parsed === 'string') problems.push(`--exclude-source ${JSON.stringify(excludeText)} ${parsed}`);
    else excludeSource = parsed ?? undefined;
  }
  const timeoutText = get('query-timeout', 'JUDGE_QUERY_TIMEOUT') ?? '4s';
  const queryTimeout = Duration.tryParse(timeoutText);
  if (queryTimeout === undefined || queryTimeout.toSeconds() < 1) problems.push(`--query-timeout ${JSON.stringify(timeoutText)} ${queryTimeout === undefined ? DURATION_RULE : 'must be at least 1s'}`);
  if (problems.length > 0 || prometheusUrl === undefined || queryTimeout === undefined) throw new ConfigError(problems);
  return { prometheusUrl, port, host, ...(excludeSource ? { excludeSource } : {}), queryTimeout };
}

/** Starts the judge server with `config`, logging one JSON line per verdict to `log`. */
export function runJudgeServer(config: JudgeServerConfig, log: (line: string) => void): Promise<RunningJudgeServer> {
  return startJudgeServer({
    prometheus: httpPrometheus(config.prometheusUrl, { timeoutMs: config.queryTimeout.toSeconds() * 1000 }),
    port: config.port,
    host: config.host,
    log,
    ...(config.excludeSource ? { excludeSource: config.excludeSource } : {}),
  });
}

/* istanbul ignore next -- the process entry point: exercised by running the bundle, not by unit tests */
if (require.main === module) {
  const write = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  let config: JudgeServerConfig;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  runJudgeServer(config, write).then(
    (running) => {
      write(JSON.stringify({ msg: 'canary judge listening', url: running.url, prometheus: config.prometheusUrl, excludeSource: config.excludeSource ?? null }));
      const stop = (): void => {
        running.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: unknown) => {
      process.stderr.write(`cannot start the judge server: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
