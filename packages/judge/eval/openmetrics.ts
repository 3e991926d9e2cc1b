/**
 * Writes simulated series as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: one family at a
 * time (OpenMetrics does not allow interleaved families), each series' samples in time order, `# EOF` last.
 * Written in chunks through a file descriptor, so corpora of hundreds of megabytes never sit in memory at once.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { SeriesData } from './simulate';

const FAMILIES: readonly { readonly family: SeriesData['family']; readonly name: string; readonly header: string }[] = [
  { family: 'requests', name: 'istio_requests_total', header: '# TYPE istio_requests counter' },
  { family: 'buckets', name: 'istio_request_duration_milliseconds_bucket', header: '# TYPE istio_request_duration_milliseconds histogram' },
  { family: 'weight', name: 'flagger_canary_weight', header: '# TYPE flagger_canary_weight gauge' },
];

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escape(labels[k])}"`)
    .join(',');
}

/** Writes every series of `groups` (e.g. one group per trajectory) to `path`; returns the number of samples. */
export function writeOpenMetrics(path: string, groups: readonly (readonly SeriesData[])[]): number {
  const fd = openSync(path, 'w');
  let samples = 0;
  let buffer = '';
  const flush = (force = false): void => {
    if (buffer.length > (force ? 0 : 1 << 20)) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  try {
    for (const { family, name, header } of FAMILIES) {
      buffer += `${header}\n`;
      for (const group of groups) {
        for (const s of group) {
          if (s.family !== family || s.times.length === 0) continue;
          const prefix = `${name}{${labelText(s.labels)}} `;
          for (let i = 0; i < s.times.length; i++) {
            buffer += `${prefix}${s.values[i]} ${s.times[i]}\n`;
            samples++;
          }
          flush();
        }
      }
    }
    buffer += '# EOF\n';
    flush(true);
  } finally {
    closeSync(fd);
  }
  return samples;
}
