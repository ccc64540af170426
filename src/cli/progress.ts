/** Progress bars for long CLI work (stderr, so stdout stays clean for data). */
import cliProgress from 'cli-progress';

import type { Progress } from '../kernel/progress.ts';

export type { Progress };

export function progressBar(label: string): Progress {
  if (!process.stderr.isTTY) {
    let lastShown = -1;
    return {
      update(done, total) {
        const pct = Math.floor((done / Math.max(total, 1)) * 10);
        if (pct !== lastShown) {
          lastShown = pct;
          process.stderr.write(`${label}: ${done}/${total}\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
