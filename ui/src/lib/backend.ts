// The one module that talks to Tauri. Components use `backend` (or a fake in tests).
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { CORE_EVENT, MENU_EVENT, type Commands, type CoreEvent, type FrameChannel, type MenuAction } from "./bindings";
import { toUiError } from "./errors";

export type CommandName = keyof Commands;
export type Args<K extends CommandName> = Commands[K]["args"];
export type Result<K extends CommandName> = Commands[K]["result"];

/** What the UI needs from the Rust side. */
export interface Backend {
  call<K extends CommandName>(name: K, args: Args<K>): Promise<Result<K>>;
  onCoreEvent(handler: (event: CoreEvent) => void): Promise<() => void>;
  /** The native menu's items the UI carries out. */
  onMenu(handler: (action: MenuAction) => void): Promise<() => void>;
  /** Asks for a file to open; null when the person cancels. Only a file chosen so is accepted by file commands. */
  pickFile(title: string, extensions: string[]): Promise<string | null>;
  /** Asks where to save a file; null when the person cancels. Only a path chosen so is accepted by file commands. */
  pickSavePath(title: string, defaultName: string, extensions: string[]): Promise<string | null>;
  /** A channel for `stream_listen` that hands each audio frame to `onFrame`. */
  frameChannel(onFrame: (frame: ArrayBuffer) => void): FrameChannel;
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
  async onMenu(handler) {
    return listen<MenuAction>(MENU_EVENT, (event) => handler(event.payload));
  },
  // The dialogs run in Rust, which then accepts the chosen path (and no other) in file commands.
  async pickFile(title, extensions) {
    return tauriBackend.call("dialog_open", { title, extensions });
  },
  async pickSavePath(title, defaultName, extensions) {
    return tauriBackend.call("dialog_save", { title, defaultName, extensions });
  },
  frameChannel(onFrame) {
    const channel = new Channel<ArrayBuffer>();
    // Tauri hands raw messages over as an ArrayBuffer (older versions as numbers).
    channel.onmessage = (frame: ArrayBuffer | number[]) => onFrame(frame instanceof ArrayBuffer ? frame : new Uint8Array(frame).buffer);
    return channel;
  },
};
