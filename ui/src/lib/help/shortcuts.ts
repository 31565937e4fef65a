// Every keyboard shortcut, in one list: the Help panel shows it.
import { SECTION_LABELS } from "../bindings";

export interface Shortcut {
  keys: string;
  does: string;
}

export const SHORTCUTS: readonly { group: string; shortcuts: Shortcut[] }[] = [
  {
    group: "Everywhere",
    shortcuts: [
      ...Object.values(SECTION_LABELS).map((label, index) => ({ keys: `Ctrl+${index + 1}`, does: `Open ${label}` })),
      { keys: "F1", does: "Help for this section" },
      { keys: "Ctrl+/", does: "These shortcuts" },
      { keys: "Ctrl+= / Ctrl+-", does: "Zoom in / out" },
      { keys: "Ctrl+0", does: "Actual size" },
      { keys: "Ctrl+Q", does: "Quit" },
      { keys: "Esc", does: "Close a menu or this panel" },
    ],
  },
  {
    group: "Compose and Flows",
    shortcuts: [
      { keys: "Ctrl+Z", does: "Undo" },
      { keys: "Ctrl+Shift+Z or Ctrl+Y", does: "Redo" },
      { keys: "Ctrl+S", does: "Save" },
      { keys: "Space, then arrows", does: "Move a card (Compose)" },
    ],
  },
  {
    group: "Flows canvas",
    shortcuts: [
      { keys: "Arrow keys", does: "Move between steps" },
      { keys: "N", does: "Add a step" },
      { keys: "Enter", does: "Edit the step" },
      { keys: "Delete", does: "Remove the step" },
    ],
  },
];
