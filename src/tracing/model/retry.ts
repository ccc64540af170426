/**
 * A case whose trace failed waits before the job tries it again: 1, 2, 4 … minutes after the 1st,
 * 2nd, 3rd failure in a row, never more than this (store.ts claimCasesToTrace).
 */
export const MAX_RETRY_MINUTES = 60;
