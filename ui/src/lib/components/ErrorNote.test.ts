import { flushSync, mount, unmount } from "svelte";
import { describe, expect, it } from "vitest";
import { uiError } from "../errors";
import ErrorNote from "./ErrorNote.svelte";

function form(): { form: HTMLFormElement; name: HTMLInputElement; other: HTMLInputElement } {
  const form = document.createElement("form");
  form.innerHTML = `<input data-field="name"><input data-field="api_base_url">`;
  document.body.append(form);
  const [name, other] = [...form.querySelectorAll("input")] as [HTMLInputElement, HTMLInputElement];
  return { form, name, other };
}

describe("ErrorNote", () => {
  it("marks and focuses the input an input error names, and unmarks it when it goes", () => {
    const { form: scope, name, other } = form();
    const note = mount(ErrorNote, { target: scope, props: { error: uiError("invalid_input", "give the flow a name", null, "name") } });
    flushSync();
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(name);
    expect(name.getAttribute("aria-describedby"), "the input is described by the note").toBe(scope.querySelector("[role=alert]")?.id);
    expect(other.hasAttribute("aria-invalid"), "only the named input").toBe(false);
    unmount(note);
    flushSync();
    expect(name.hasAttribute("aria-invalid")).toBe(false);
    scope.remove();
  });

  it("gives an input its own description back when the error goes", () => {
    const { form: scope, name } = form();
    name.setAttribute("aria-describedby", "name-hint");
    const note = mount(ErrorNote, { target: scope, props: { error: uiError("invalid_input", "that name is taken", null, "name") } });
    flushSync();
    const noteId = scope.querySelector("[role=alert]")?.id;
    expect(name.getAttribute("aria-describedby"), "the note first, the input's hint kept").toBe(`${noteId} name-hint`);
    unmount(note);
    flushSync();
    expect(name.getAttribute("aria-describedby")).toBe("name-hint");
    scope.remove();
  });

  it("marks nothing for an error of another kind, and shows the host and Vonage's refusal by their signs", () => {
    const { form: scope, name } = form();
    const offline = mount(ErrorNote, { target: scope, props: { error: { ...uiError("network", "api.nexmo.com could not be found"), host: "api.nexmo.com", field: "name" } } });
    flushSync();
    expect(name.hasAttribute("aria-invalid")).toBe(false);
    expect(scope.querySelector("[aria-label='Not reached: api.nexmo.com']")).not.toBeNull();
    unmount(offline);
    mount(ErrorNote, { target: scope, props: { error: uiError("refused", "Vonage did not accept these credentials.") } });
    flushSync();
    expect(scope.querySelector("[data-kind=refused] [aria-label='Refused by Vonage']")).not.toBeNull();
    scope.remove();
  });
});
