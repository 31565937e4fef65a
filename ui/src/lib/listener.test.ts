import { describe, expect, it } from "vitest";
import { describeListener, listenerPort, ngrokCommand, parsePort } from "./listener";

describe("parsePort", () => {
  it("accepts a port from 1024 to 65535", () => {
    expect(parsePort("3000")).toEqual({ port: 3000 });
    expect(parsePort(" 65535 ")).toEqual({ port: 65535 });
  });

  it.each([
    ["", "Enter a port number."],
    ["abc", "A port is a whole number, like 3000."],
    ["30.5", "A port is a whole number, like 3000."],
    ["-1", "A port is a whole number, like 3000."],
    ["80", "Choose a port from 1024 to 65535."],
    ["70000", "Choose a port from 1024 to 65535."],
  ])("rejects %j with a message saying what to type", (text, message) => {
    expect(parsePort(text)).toEqual({ error: message });
  });
});

describe("describeListener", () => {
  it("names the address when running", () => {
    expect(describeListener({ state: "running", address: "http://127.0.0.1:3000", port: 3000 })).toEqual({
      text: "Listening on http://127.0.0.1:3000",
      tone: "ok",
    });
  });

  it("warns about a busy port", () => {
    const status = { state: "port_busy", port: 3000, message: "m", hint: "h" } as const;
    expect(describeListener(status)).toEqual({ text: "Port 3000 is in use", tone: "warn" });
    expect(listenerPort(status)).toBe(3000);
  });

  it("has no port when stopped", () => {
    expect(listenerPort({ state: "stopped" })).toBeUndefined();
  });
});

it("builds the ngrok command for the listener's port", () => {
  expect(ngrokCommand(3000)).toBe("ngrok http 3000");
});
