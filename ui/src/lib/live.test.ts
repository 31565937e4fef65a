import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Backend } from "./backend";
import type { CoreEvent } from "./bindings";
import { refreshOn } from "./live";

function fakeBackend() {
  let emit: (event: CoreEvent) => void = () => {};
  const backend = {
    onCoreEvent: async (handler: (event: CoreEvent) => void) => {
      emit = handler;
      return () => (emit = () => {});
    },
  } as unknown as Backend;
  return { backend, emit: (event: CoreEvent) => emit(event) };
}

describe("refreshOn", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("refreshes once per interval for a burst of its events, and ignores others", async () => {
    const { backend, emit } = fakeBackend();
    const refresh = vi.fn();
    const stop = refreshOn(backend, ["exchanges_added"], refresh);
    await Promise.resolve();
    for (let i = 0; i < 10; i++) emit({ type: "exchanges_added" });
    emit({ type: "ncco_changed" });
    vi.advanceTimersByTime(250);
    expect(refresh).toHaveBeenCalledTimes(1);
    stop();
    emit({ type: "exchanges_added" });
    vi.advanceTimersByTime(250);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("debounced, waits for a quiet moment", async () => {
    const { backend, emit } = fakeBackend();
    const refresh = vi.fn();
    refreshOn(backend, ["profiles_changed"], refresh, { wait: 1000, mode: "debounce" });
    await Promise.resolve();
    emit({ type: "profiles_changed" });
    vi.advanceTimersByTime(800);
    emit({ type: "profiles_changed" });
    vi.advanceTimersByTime(800);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
