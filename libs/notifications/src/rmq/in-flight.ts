/** Counts work in progress and lets a shutdown wait until none is left. */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  get size(): number {
    return this.count;
  }

  start(): void {
    this.count++;
  }

  end(): void {
    if (--this.count > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Resolves true once nothing is in flight, or false after `ms`. */
  idle(ms: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => (clearTimeout(timer), resolve(true));
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, ms);
      this.waiters.push(done);
    });
  }
}
