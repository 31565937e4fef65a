// Unsaved work kept beside the saved version: the document being edited in Compose, written on every
// change until it is saved, so leaving the section or quitting loses nothing. One draft, in the web view's
// local storage (the UI's own place; the database keeps only what the person saved).
import type { Id } from "../bindings";
import type { ActionObject } from "./composer.svelte";

export interface Draft {
  /** The saved document it edits, or null for a new one. */
  id: Id | null;
  name: string;
  document: ActionObject[];
}

const KEY = "callboard.compose.draft";

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readDraft(): Draft | null {
  const text = storage()?.getItem(KEY);
  if (!text) return null;
  try {
    const draft = JSON.parse(text) as Draft;
    return Array.isArray(draft.document) && typeof draft.name === "string" ? draft : null;
  } catch {
    return null;
  }
}

export function writeDraft(draft: Draft): void {
  storage()?.setItem(KEY, JSON.stringify(draft));
}

export function clearDraft(): void {
  storage()?.removeItem(KEY);
}
