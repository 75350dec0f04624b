/**
 * Orders deletes Proton refuses because of another resource: a template that still has versions, a
 * version in use, an environment hosting instances, a connection an environment uses. The engine
 * orders deletes by the dependencies in the state, and a state written by `pulumi import` has none
 * (an import file cannot carry them, and the code the CLI generates names other resources by value),
 * so a destroy starts every delete at once. A refused delete then waits for one of the other deletes
 * this plugin is running to settle and tries again; it fails as soon as nothing else is running that
 * could unblock it (a user of the resource outside the stack). No timers: only other deletes' ends.
 */
export class DeleteScheduler {
  /** Deletes calling Proton now (not waiting). */
  private running = 0;
  /** How many deletes have settled (succeeded or failed for good) so far. */
  private settled = 0;
  private waiting: (() => void)[] = [];

  async run(attempt: () => Promise<void>, refusedForNow: (error: unknown) => boolean): Promise<void> {
    for (;;) {
      const seen = this.settled;
      this.running++;
      try {
        await attempt();
      } catch (error) {
        this.running--;
        if (!refusedForNow(error)) return this.settle(error);
        // Another delete settled while this one ran: what refused it may be gone, try again now.
        if (this.settled !== seen) continue;
        if (this.running === 0) return this.settle(error);
        await new Promise<void>((wake) => this.waiting.push(wake));
        continue;
      }
      this.running--;
      return this.settle();
    }
  }

  private settle(error?: unknown): void {
    this.settled++;
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
    if (error !== undefined) throw error;
  }
}
