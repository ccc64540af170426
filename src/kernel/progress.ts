/** Long work reports progress through this; the CLI draws bars, a server passes nothing. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export type ProgressFactory = (label: string) => Progress;
