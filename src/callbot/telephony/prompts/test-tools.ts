/**
 * For tests: whether espeak-ng and sox are installed. Where CI is set they must be — the test file
 * then fails instead of skipping; elsewhere the tests that need them are skipped with this reason.
 */
import { spawnSync } from 'node:child_process';

export const TTS_TOOLS_MISSING = 'espeak-ng or sox is not installed (apt-get install espeak-ng sox)';

export function ttsToolsAvailable(): boolean {
  const available = ['espeak-ng', 'sox'].every((command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined);
  if (!available && process.env.CI) throw new Error(`${TTS_TOOLS_MISSING}: required where CI is set`);
  return available;
}
