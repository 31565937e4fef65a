// A backend double for the UI's unit tests: the commands a test answers, and nothing else (no events, no
// menu, no file dialogs, no audio channel).
import type { Backend } from "../backend";
import type { FrameChannel } from "../bindings";

export function commandsOnly(call: Backend["call"]): Backend {
  return {
    call,
    onCoreEvent: async () => () => {},
    onMenu: async () => () => {},
    pickFile: async () => null,
    pickSavePath: async () => null,
    frameChannel: () => ({}) as FrameChannel,
  };
}
