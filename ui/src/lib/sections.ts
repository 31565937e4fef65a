// The app's sections, in sidebar order, with what each one is for. Ids, order and labels come from the
// contract (SECTION_LABELS), which the native View menu shares.
import { SECTION_LABELS, type SectionId } from "./bindings";

export type { SectionId };

export interface Section {
  id: SectionId;
  label: string;
  /** One sentence under the title. */
  summary: string;
  /** What a user will do here, in plain words; shown until the section's work lands. */
  upcoming: string[];
}

const SECTION_LIST: readonly Section[] = [
  {
    id: "connect",
    label: SECTION_LABELS.connect,
    summary: "Your Vonage account and application, with every secret kept in the system keychain.",
    upcoming: [],
  },
  {
    id: "webhooks",
    label: SECTION_LABELS.webhooks,
    summary: "Tell Vonage where to send calls: your public tunnel URL and the answer, event and fallback webhooks.",
    upcoming: [],
  },
  {
    id: "compose",
    label: SECTION_LABELS.compose,
    summary: "Build the NCCO that answers your calls, with every mistake explained on the field.",
    upcoming: [
      "Add, edit and reorder actions in forms, with the JSON beside them.",
      "Start from templates: the setup guide's flow done right, an IVR menu, voicemail, a conference.",
      "Mark one NCCO active: the answer webhook serves it.",
    ],
  },
  {
    id: "flows",
    label: SECTION_LABELS.flows,
    summary: "A whole call by pointing and clicking: steps joined by what the caller presses or says, answered by Callboard.",
    upcoming: [],
  },
  {
    id: "calls",
    label: SECTION_LABELS.calls,
    summary: "Place test calls from the desktop and follow each one on a single timeline.",
    upcoming: [],
  },
  {
    id: "tests",
    label: SECTION_LABELS.tests,
    summary: "Scripted calls on the Sandbox that prove your flow or backend: what the caller hears, presses and says.",
    upcoming: [],
  },
  {
    id: "inspector",
    label: SECTION_LABELS.inspector,
    summary: "Every webhook and call-audio WebSocket that reaches Callboard, recorded and replayable.",
    upcoming: [],
  },
  {
    id: "phone",
    label: SECTION_LABELS.phone,
    summary: "A virtual phone on the built-in Sandbox: hear your NCCO, press keys and answer speech prompts, no account needed.",
    upcoming: [],
  },
  {
    id: "doctor",
    label: SECTION_LABELS.doctor,
    summary: "The setup guide's troubleshooting list, run for you, with a fix for each problem found.",
    upcoming: [],
  },
];

/** The sections in the contract's order. */
export const SECTIONS: readonly Section[] = (Object.keys(SECTION_LABELS) as SectionId[]).map(
  (id) => SECTION_LIST.find((section) => section.id === id)!,
);

/** The section for a Ctrl/Cmd + digit shortcut ("1" is the first section), if any. */
export function sectionForDigit(key: string): SectionId | undefined {
  if (!/^[1-9]$/.test(key)) return undefined;
  return SECTIONS[Number(key) - 1]?.id;
}
