// Unsaved work kept beside the saved version: what a section is editing, written on every change until it
// is saved, so leaving the section or quitting loses nothing. One draft per section, in the web view's local
// storage (the UI's own place; the database keeps only what the person saved).

/** One section's kept draft: read it back (null when none, or when what is stored is not one), keep, forget. */
export interface DraftSlot<T> {
  read(): T | null;
  write(draft: T): void;
  clear(): void;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The draft kept under `key`; `valid` says whether what is stored there is still a draft of this shape. */
export function draftSlot<T>(key: string, valid: (value: unknown) => value is T): DraftSlot<T> {
  return {
    read() {
      const text = storage()?.getItem(key);
      if (!text) return null;
      try {
        const value: unknown = JSON.parse(text);
        return valid(value) ? value : null;
      } catch {
        return null;
      }
    },
    write(draft) {
      storage()?.setItem(key, JSON.stringify(draft));
    },
    clear() {
      storage()?.removeItem(key);
    },
  };
}
