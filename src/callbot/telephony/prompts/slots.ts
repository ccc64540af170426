/**
 * A bounded number of jobs at a time, urgent ones first: what a call is waiting for (a name to say)
 * goes before prompts being prepared ahead of time. First come, first served within each kind.
 */
export class Slots {
  private max: number;
  private running = 0;
  private readonly urgent: (() => void)[] = [];
  private readonly normal: (() => void)[] = [];

  constructor(max: number) {
    this.max = Math.max(1, Math.floor(max));
  }

  setMax(max: number): void {
    this.max = Math.max(1, Math.floor(max));
  }

  async run<T>(urgent: boolean, work: () => Promise<T>): Promise<T> {
    // A finished job hands its slot straight to the next waiter (running stays the same).
    if (this.running >= this.max) await new Promise<void>((resolve) => (urgent ? this.urgent : this.normal).push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.urgent.shift() ?? this.normal.shift();
      if (next) next();
      else this.running--;
    }
  }
}
