/** Reading another installation's trust list from an http(s) URL or a file (CLI import and the refresh job). */
import { readFile } from 'node:fs/promises';
import { trustListFail } from './errors.ts';

const FETCH_TIMEOUT_MS = 15_000;

export const isUrlSource = (source: string) => /^https?:\/\//.test(source);

/** Throws TRUST_LIST_SOURCE_UNREADABLE with the reason. */
export async function readTrustListSource(source: string): Promise<unknown> {
  try {
    if (isUrlSource(source)) {
      const response = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await response.json();
    }
    return JSON.parse(await readFile(source, 'utf8'));
  } catch (error) {
    throw trustListFail('TRUST_LIST_SOURCE_UNREADABLE', { reason: (error as Error).message });
  }
}
