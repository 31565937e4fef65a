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

  /** Whether an action is running. */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Runs `work`: its result, or `undefined` when it failed (the failure is `error`). */
  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    // Untracked: an effect that runs an action does not come to depend on (and loop on) its state.
    untrack(() => {
      this.running += 1;
      this.error = null;
    });
    try {
      return await work();
    } catch (thrown) {
      this.error = toUiError(thrown);
      return undefined;
    } finally {
      this.running -= 1;
    }
  }

  /** Forgets the last failure. */
  clear(): void {
    this.error = null;
  }
}
