// Preloaded (NODE_OPTIONS=--require) into every node process of a measured command: prints the process's peak
// RSS and CPU time on exit, so the harness can report the peak memory and total CPU of `npm run synth` and the
// processes it starts.
'use strict';
process.on('exit', () => {
  const usage = process.resourceUsage();
  require('fs').writeSync(2, `\nBENCH_MAXRSS_KB ${usage.maxRSS} BENCH_CPU_US ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
