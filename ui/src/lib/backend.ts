// The one module that talks to Tauri. Components use `backend` (or a fake in tests).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { CORE_EVENT, type Commands, type CoreEvent } from "./bindings";
import { toUiError } from "./errors";

export type CommandName = keyof Commands;
export type Args<K extends CommandName> = Commands[K]["args"];
export type Result<K extends CommandName> = Commands[K]["result"];

/** What the UI needs from the Rust side. */
export interface Backend {
  call<K extends CommandName>(name: K, args: Args<K>): Promise<Result<K>>;
  onCoreEvent(handler: (event: CoreEvent) => void): Promise<() => void>;
}

export const tauriBackend: Backend = {
  async call(name, args) {
    try {
      return await invoke(name, args);
    } catch (thrown) {
      throw toUiError(thrown);
    }
  },
  async onCoreEvent(handler) {
    return listen<CoreEvent>(CORE_EVENT, (event) => handler(event.payload));
  },
};
