// What a view does on request, one way: while it runs the view is busy, and when it fails the
// failure is the view's error (normalised to a UiError, for ErrorNote), never an unhandled
// rejection. A view keeps one Task for the actions whose failures show in one place.
import { untrack } from "svelte";
import type { UiError } from "./bindings";
import { toUiError } from "./errors";

export class Task {
  /** The last failure, until the next action starts (or `clear`). */
  error = $state<UiError | null>(null);
  /** How many actions are running. */
  private running = $state(0);

  /** `onfail`, when given, is told of each failure too (a store that shows it as its notice). */
  constructor(private readonly onfail?: (error: UiError) => void) {}

  /** Whether an action is running. */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Runs `work`: its result, or `undefined` when it failed (the failure is `error`). */
  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    const outcome = await this.settle(work);
    return outcome.ok ? outcome.value : undefined;
  }

  /** Runs `work`: its own failure, or `null` (for a caller that hands the error on). */
  async failure(work: () => Promise<unknown>): Promise<UiError | null> {
    const outcome = await this.settle(work);
    return outcome.ok ? null : outcome.error;
  }

  private async settle<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: UiError }> {
    // Untracked: an effect that runs an action does not come to depend on (and loop on) its state.
    untrack(() => {
      this.running += 1;
      this.error = null;
    });
    try {
      return { ok: true, value: await work() };
    } catch (thrown) {
      const error = toUiError(thrown);
      this.error = error;
      this.onfail?.(error);
      return { ok: false, error };
    } finally {
      this.running -= 1;
    }
  }

  /** Forgets the last failure. */
  clear(): void {
    this.error = null;
  }
}
