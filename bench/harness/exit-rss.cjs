// Preloaded (NODE_OPTIONS=--require) into every node process of a measured command: prints the process's peak
// RSS on exit, so the harness can report the peak memory of `npm run synth` and the processes it starts.
'use strict';
process.on('exit', () => {
  require('fs').writeSync(2, `\nBENCH_MAXRSS_KB ${process.resourceUsage().maxRSS}\n`);
});
