// Keeping a view fresh: refetch when core says something it shows has changed, at most
// once per interval however fast the events arrive.
import type { Backend } from "./backend";
import type { CoreEvent } from "./bindings";

export interface RefreshOptions {
  /** Milliseconds to wait (default 250). */
  wait?: number;
  /** `throttle` (default): at most once per wait. `debounce`: once things have been quiet for the wait. */
  mode?: "throttle" | "debounce";
}

/** Calls `refresh` after events of `types`; returns the function that stops it. */
export function refreshOn(backend: Backend, types: CoreEvent["type"][], refresh: () => void, options: RefreshOptions = {}): () => void {
  const { wait = 250, mode = "throttle" } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let unlisten: (() => void) | undefined;
  void backend
    .onCoreEvent((event) => {
      if (!types.includes(event.type)) return;
      if (mode === "debounce") {
        clearTimeout(timer);
        timer = undefined;
      }
      timer ??= setTimeout(() => {
        timer = undefined;
        refresh();
      }, wait);
    })
    .then((stop) => {
      if (stopped) stop();
      else unlisten = stop;
    });
  return () => {
    stopped = true;
    unlisten?.();
    clearTimeout(timer);
  };
}
