import { describe, expect, it } from "vitest";
import { toUiError } from "./errors";

describe("toUiError", () => {
  it("keeps a UiError from Rust as it is", () => {
    const error = { kind: "keychain", message: "locked", hint: "Unlock it", section: null, field: null, host: null };
    expect(toUiError(error)).toEqual(error);
    const first = { kind: "precondition", message: "Enter the application ID in Connect first.", hint: null, section: "connect", field: null, host: null };
    expect(toUiError(first), "the section to open comes through").toEqual(first);
    const named = { kind: "invalid_input", message: "give the flow a name", hint: null, section: null, field: "name", host: null };
    expect(toUiError(named).field, "the input to correct comes through").toBe("name");
    const offline = { kind: "network", message: "api.nexmo.com could not be found", hint: null, section: null, field: null, host: "api.nexmo.com" };
    expect(toUiError(offline).host).toBe("api.nexmo.com");
    const refused = { kind: "refused", message: "Vonage did not accept the key", hint: null, section: null, field: null, host: null };
    expect(toUiError(refused).unexpected, "Vonage's refusal is one of the contract's kinds").toBeUndefined();
  });

  it("wraps a plain string rejection (Tauri's own argument errors) with a hint", () => {
    const error = toUiError("invalid args `port` for command `set_listener_port`");
    expect(error.message).toContain("invalid args");
    expect(error.hint).toBeTruthy();
    expect(error.unexpected).toBe(true);
  });

  it("does not trust an object whose kind is not one of the contract's kinds", () => {
    const error = toUiError({ kind: "made_up", message: "x" });
    expect(error.unexpected).toBe(true);
    expect(error.message).toBe("Something went wrong inside Callboard.");
  });

  it("uses an Error's message", () => {
    expect(toUiError(new Error("boom")).message).toBe("boom");
  });
});
