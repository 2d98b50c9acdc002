// Pure: when to restart the language server after it dies, and what to tell the user.

export interface CrashDecision {
  restart: boolean;
  /** Tell the user (non-modally) this once; undefined: stay quiet. */
  message?: string;
}

export class CrashPolicy {
  private readonly crashes: number[] = [];
  private told = false;

  constructor(
    /** Give up after this many crashes inside the window. */
    readonly maxCrashes = 5,
    readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The server's connection closed unexpectedly. */
  crashed(): CrashDecision {
    const t = this.now();
    this.crashes.push(t);
    while (this.crashes.length && t - this.crashes[0]! > this.windowMs) this.crashes.shift();
    if (this.crashes.length >= this.maxCrashes) {
      return {
        restart: false,
        message: `The Attest language server crashed ${this.crashes.length} times in the last ${Math.round(this.windowMs / 60000)} minutes and will not be restarted. See the "Attest" output for details, then run "Attest: Restart Language Server".`,
      };
    }
    if (!this.told) {
      this.told = true;
      return { restart: true, message: 'The Attest language server stopped unexpectedly and was restarted. See the "Attest" output for details.' };
    }
    return { restart: true };
  }

  /** Crashes inside the current window. */
  get recent(): number {
    const t = this.now();
    return this.crashes.filter((c) => t - c <= this.windowMs).length;
  }

  /** A deliberate restart by the user: start counting afresh. */
  reset(): void {
    this.crashes.length = 0;
    this.told = false;
  }
}
