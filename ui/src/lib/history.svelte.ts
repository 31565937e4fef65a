// Undo and redo over snapshots of a document (its JSON text), for the composer and the
// flow editor: each change remembers what came before it; typing into one field within a
// moment is one step; at most 200 steps back.
const MOST = 200;
const TYPING_MS = 1500;

export class History {
  canUndo = $state(false);
  canRedo = $state(false);
  private past: string[] = [];
  private future: string[] = [];
  private typing: { key: string; at: number } | null = null;

  /** A change is made to the document that was `before`; `typing` names the field typed into, if any. */
  record(before: string, typing?: string): void {
    const now = Date.now();
    const sameTyping = typing !== undefined && this.typing?.key === typing && now - this.typing.at < TYPING_MS;
    this.typing = typing === undefined ? null : { key: typing, at: now };
    if (!sameTyping && this.past.at(-1) !== before) {
      this.past.push(before);
      if (this.past.length > MOST) this.past.shift();
    }
    this.future = [];
    this.sync();
  }

  /** The snapshot to go back to from `now`, or `null` when there is none. */
  undo(now: string): string | null {
    return this.step(this.past, this.future, now);
  }

  /** The snapshot undone last, to go forward to from `now`, or `null`. */
  redo(now: string): string | null {
    return this.step(this.future, this.past, now);
  }

  /** Forgets every step (another document is open). */
  clear(): void {
    this.past = [];
    this.future = [];
    this.typing = null;
    this.sync();
  }

  private step(from: string[], to: string[], now: string): string | null {
    const snapshot = from.pop();
    if (snapshot === undefined) return null;
    to.push(now);
    this.typing = null;
    this.sync();
    return snapshot;
  }

  private sync(): void {
    this.canUndo = this.past.length > 0;
    this.canRedo = this.future.length > 0;
  }
}
