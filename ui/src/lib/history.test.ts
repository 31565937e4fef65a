import { describe, expect, it, vi } from "vitest";
import { History } from "./history.svelte";

describe("History", () => {
  it("takes typing into one field within a moment as one step, and anything else as its own", () => {
    vi.useFakeTimers();
    const history = new History();
    history.record("a", "text");
    vi.advanceTimersByTime(500);
    history.record("ab", "text");
    history.record("abc", "voice");
    history.record("abcd");
    history.record("abcde", "voice");
    expect(history.undo("now")).toBe("abcde");
    expect(history.undo("abcde")).toBe("abcd");
    expect(history.undo("abcd")).toBe("abc");
    expect(history.undo("abc"), "the two keystrokes in text are one step").toBe("a");
    expect(history.undo("a")).toBeNull();
    expect(history.canUndo).toBe(false);
    expect(history.canRedo).toBe(true);
    vi.useRealTimers();
  });

  it("forgets what was undone once another change is made, and keeps 200 steps", () => {
    const history = new History();
    for (let i = 0; i < 205; i++) history.record(String(i));
    expect(history.undo("205")).toBe("204");
    history.record("new");
    expect(history.canRedo).toBe(false);
    let steps = 0;
    for (let now = "x"; ; steps++) {
      const back = history.undo(now);
      if (back === null) break;
      now = back;
    }
    expect(steps).toBe(200);
  });
});
