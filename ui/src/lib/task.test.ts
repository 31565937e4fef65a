import { describe, expect, it } from "vitest";
import { Task } from "./task.svelte";

describe("Task", () => {
  it("is busy while its work runs and gives back the result", async () => {
    const task = new Task();
    let finish: (value: number) => void = () => {};
    const running = task.run(() => new Promise<number>((resolve) => (finish = resolve)));
    expect(task.busy).toBe(true);
    finish(7);
    expect(await running).toBe(7);
    expect(task.busy).toBe(false);
    expect(task.error).toBeNull();
  });

  it("keeps a failure as a UiError instead of rejecting, until the next action starts", async () => {
    const task = new Task();
    const failed = await task.run(() => Promise.reject({ kind: "network", message: "api.nexmo.com could not be found", hint: null, section: null, field: null, host: "api.nexmo.com" }));
    expect(failed).toBeUndefined();
    expect(task.error).toMatchObject({ kind: "network", host: "api.nexmo.com" });
    expect(task.busy).toBe(false);
    const odd = await task.run(() => Promise.reject(new Error("boom")));
    expect(odd).toBeUndefined();
    expect(task.error?.message, "anything thrown is normalised").toBe("boom");
    await task.run(async () => 1);
    expect(task.error, "cleared when the next action starts").toBeNull();
  });

  it("hands each failure to its hook, and gives a caller its own failure", async () => {
    const told: string[] = [];
    const task = new Task((error) => told.push(error.message));
    expect(await task.failure(async () => 1)).toBeNull();
    const failed = await task.failure(() => Promise.reject("the listener is not running"));
    expect(failed?.message).toBe("the listener is not running");
    expect(told, "the hook heard it once").toEqual(["the listener is not running"]);
  });
});

describe("Task in an effect", () => {
  it("runs from an effect without the effect coming to depend on its state", async () => {
    const { effectRoot } = await import("./testing/effects.svelte");
    const task = new Task();
    let runs = 0;
    const stop = effectRoot(() => {
      runs += 1;
      void task.run(async () => 1);
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runs, "the effect ran once, not again for the task's own busy and error").toBe(1);
    stop();
  });
});
