/** Waits that double from `firstMs` up to `maxMs`, with jitter so instances do not retry in step. */
export class Backoff {
  private next: number;

  constructor(
    private readonly firstMs: number,
    private readonly maxMs: number,
  ) {
    this.next = firstMs;
  }

  wait(): Promise<void> {
    const ms = this.next * (0.75 + Math.random() * 0.5);
    this.next = Math.min(this.maxMs, this.next * 2);
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
  }

  reset(): void {
    this.next = this.firstMs;
  }
}
