import { createRawSnippet, flushSync, mount, unmount } from "svelte";
import { describe, expect, it } from "vitest";
import AsyncButton from "./AsyncButton.svelte";

const save = createRawSnippet(() => ({ render: () => "<span>Save</span>" }));

/** An action that runs until `finish` is called, counting its runs. */
function pending() {
  const state = { runs: 0, finish: () => {} };
  const action = () => {
    state.runs += 1;
    return new Promise<void>((resolve) => (state.finish = resolve));
  };
  return { state, action };
}

const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  flushSync();
};

describe("AsyncButton", () => {
  it("is busy, says what it does and cannot be pressed again while its action runs", async () => {
    const { state, action } = pending();
    const target = document.body.appendChild(document.createElement("div"));
    const component = mount(AsyncButton, { target, props: { action, children: save, working: "Saving…" } });
    const button = target.querySelector("button")!;
    button.click();
    flushSync();
    expect(button.disabled).toBe(true);
    expect(button.getAttribute("aria-busy")).toBe("true");
    expect(button.textContent?.trim()).toBe("Saving…");
    button.click();
    expect(state.runs, "a second press while running does nothing").toBe(1);
    state.finish();
    await settle();
    expect(button.disabled).toBe(false);
    expect(button.textContent?.trim()).toBe("Save");
    unmount(component);
    target.remove();
  });

  it("as a submit button, runs once per submission of its form, by click or by Enter", async () => {
    const { state, action } = pending();
    const form = document.body.appendChild(document.createElement("form"));
    form.innerHTML = `<input name="to">`;
    const submissions: SubmitEvent[] = [];
    form.addEventListener("submit", (event) => submissions.push(event));
    const component = mount(AsyncButton, { target: form, props: { action, children: save, type: "submit" } });
    flushSync();
    const button = form.querySelector("button")!;
    expect(button.type).toBe("submit");
    button.click();
    flushSync();
    expect(state.runs).toBe(1);
    state.finish();
    await settle();
    form.requestSubmit();
    flushSync();
    expect(state.runs, "a submission without a submitter (Enter in a field)").toBe(2);
    expect(submissions.map((event) => event.defaultPrevented), "the form's own submission never goes ahead").toEqual([true, true]);
    state.finish();
    await settle();
    unmount(component);
    form.remove();
  });

  it("shows work started elsewhere as its own", () => {
    const target = document.body.appendChild(document.createElement("div"));
    const component = mount(AsyncButton, { target, props: { action: async () => {}, children: save, busy: true, working: "Checking…" } });
    flushSync();
    const button = target.querySelector("button")!;
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe("Checking…");
    unmount(component);
    target.remove();
  });
});
