import { describe, expect, it } from "vitest";
import type { AppState, CoreEvent, FrameChannel, ListenerStatus } from "./bindings";
import type { Backend } from "./backend";
import { AppStore } from "./store.svelte";

function appState(listener: ListenerStatus): AppState {
  const profile = {
    id: 1,
    name: "Sandbox",
    kind: "sandbox" as const,
    listener_port: 3000,
    paths: { answer: "/a", event: "/e", fallback: "/f", stream: "/s/{uuid}/" },
    api_key: "abcd1234",
    application_id: "app",
    api_base_url: "https://api.nexmo.com",
    public_url: "",
    webhooks: {
      answer: { http_method: "GET", connect_timeout: 1000, socket_timeout: 5000 },
      event: { http_method: "POST", connect_timeout: 1000, socket_timeout: 10000 },
      fallback: { http_method: "GET", connect_timeout: 1000, socket_timeout: 5000 },
      signed_callbacks: false,
      region: null,
      signature_check: "report" as const,
    },
    listener: {
      forward: { enabled: false, base_url: "http://127.0.0.1:8000", answer: true, event: true, fallback: true, stream: true },
      reply: { kind: "none" as const },
      retention: { days: 30, max_megabytes: 1024 },
    },
  };
  return {
    version: "0.1.0",
    data_dir: "/tmp",
    profiles: [profile],
    active_profile: profile,
    listener,
    secrets: { api_secret: true, private_key: true, signature_secret: false },
    platform_url: "http://127.0.0.1:9",
    sandbox: null,
    undo_available_since: null,
    voice_regions: ["na-east"],
    storage_problem: null,
  };
}

/** A backend double that records calls; the real one is exercised by the end-to-end suite. */
function fakeBackend(handlers: Partial<Record<string, (args: unknown) => unknown>>) {
  let emit: (event: CoreEvent) => void = () => {};
  const calls: string[] = [];
  const backend: Backend = {
    async call(name, args) {
      calls.push(name);
      const handler = handlers[name];
      if (!handler) throw new Error(`unexpected command ${name}`);
      return handler(args) as never;
    },
    async onCoreEvent(handler) {
      emit = handler;
      return () => {};
    },
    onMenu: async () => () => {},
    pickFile: async () => null,
    pickSavePath: async () => null,
    frameChannel: () => ({}) as FrameChannel,
  };
  return { backend, calls, emit: (event: CoreEvent) => emit(event) };
}

describe("AppStore", () => {
  it("loads the state on start", async () => {
    const running = { state: "running", address: "http://127.0.0.1:3000", port: 3000 } as const;
    const { backend } = fakeBackend({ app_state: () => appState(running) });
    const store = new AppStore(backend);
    await store.start();
    expect(store.state?.listener).toEqual(running);
  });

  it("applies a listener event without a round trip", async () => {
    const { backend, calls, emit } = fakeBackend({ app_state: () => appState({ state: "stopped" }) });
    const store = new AppStore(backend);
    await store.start();
    emit({ type: "listener_changed", status: { state: "port_busy", port: 3000, message: "m", hint: "h" } });
    expect(store.state?.listener.state).toBe("port_busy");
    expect(calls).toEqual(["app_state"]);
  });

  it("shows when storing fails and clears it when storing works again", async () => {
    const { backend, calls, emit } = fakeBackend({ app_state: () => appState({ state: "stopped" }) });
    const store = new AppStore(backend);
    await store.start();
    emit({ type: "storage_changed", problem: "Webhooks are not being stored: the disk is full." });
    expect(store.state?.storage_problem).toContain("disk is full");
    emit({ type: "storage_changed", problem: null });
    expect(store.state?.storage_problem).toBeNull();
    expect(calls).toEqual(["app_state"]);
  });

  it("returns a refused port's error and keeps the previous state", async () => {
    const running = { state: "running", address: "http://127.0.0.1:3000", port: 3000 } as const;
    const { backend } = fakeBackend({
      app_state: () => appState(running),
      set_listener_port: () => {
        throw { kind: "invalid_input", message: "80 is not a usable port", hint: null };
      },
    });
    const store = new AppStore(backend);
    await store.start();
    const error = await store.setListenerPort(80);
    expect(error?.message).toBe("80 is not a usable port");
    expect(store.state?.listener).toEqual(running);
    expect(store.busy).toBe(false);
  });

  it("shows a load failure instead of an empty frame", async () => {
    const { backend } = fakeBackend({
      app_state: () => {
        throw { kind: "storage", message: "disk full", hint: "free space" };
      },
    });
    const store = new AppStore(backend);
    await store.start();
    expect(store.loadError).toEqual({ kind: "storage", message: "disk full", hint: "free space", section: null, field: null, host: null });
  });
});
