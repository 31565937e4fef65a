// The one module that talks to Tauri. Components use `backend` (or a fake in tests).
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { open, save } from "@tauri-apps/plugin-dialog";
import { CORE_EVENT, type Commands, type CoreEvent, type FrameChannel } from "./bindings";
import { toUiError } from "./errors";

export type CommandName = keyof Commands;
export type Args<K extends CommandName> = Commands[K]["args"];
export type Result<K extends CommandName> = Commands[K]["result"];

/** What the UI needs from the Rust side. */
export interface Backend {
  call<K extends CommandName>(name: K, args: Args<K>): Promise<Result<K>>;
  onCoreEvent(handler: (event: CoreEvent) => void): Promise<() => void>;
  /** Asks for a file to open; null when the person cancels. */
  pickFile(title: string, extensions: string[]): Promise<string | null>;
  /** Asks where to save a file; null when the person cancels. */
  pickSavePath(title: string, defaultName: string, extensions: string[]): Promise<string | null>;
  /** A channel for `stream_listen` that hands each audio frame to `onFrame`. */
  frameChannel(onFrame: (frame: ArrayBuffer) => void): FrameChannel;
}

/** The file-type filter a dialog shows for `extensions`. */
const filters = (extensions: string[]) => [{ name: `${extensions.map((e) => e.toUpperCase()).join(", ")} files`, extensions }];

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
  async pickFile(title, extensions) {
    const chosen = await open({ title, multiple: false, directory: false, filters: filters(extensions) });
    return typeof chosen === "string" ? chosen : null;
  },
  async pickSavePath(title, defaultName, extensions) {
    return (await save({ title, defaultPath: defaultName, filters: filters(extensions) })) ?? null;
  },
  frameChannel(onFrame) {
    const channel = new Channel<ArrayBuffer>();
    // Tauri hands raw messages over as an ArrayBuffer (older versions as numbers).
    channel.onmessage = (frame: ArrayBuffer | number[]) => onFrame(frame instanceof ArrayBuffer ? frame : new Uint8Array(frame).buffer);
    return channel;
  },
};
