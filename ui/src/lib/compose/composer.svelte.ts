// The Compose section's state: the document as cards, its JSON text, its findings,
// undo/redo, and saving, activating, importing and exporting through the backend.
import { History } from "../history.svelte";
import { Task } from "../task.svelte";
import type { Backend } from "../backend";
import type { Finding, Fix, Id, JsonValue, NccoCatalogue, NccoSummary, SyntaxError, UiError } from "../bindings";
import { draftSlot } from "../drafts";
import { newAction } from "./fields";
import { setAt } from "./pointer";

/** Unsaved work in Compose: the saved document it edits (null for a new one), its name and actions. */
interface ComposeDraft {
  id: Id | null;
  name: string;
  document: ActionObject[];
}

const drafts = draftSlot<ComposeDraft>(
  "callboard.compose.draft",
  (value): value is ComposeDraft =>
    typeof value === "object" && value !== null && Array.isArray((value as ComposeDraft).document) && typeof (value as ComposeDraft).name === "string",
);

export type ActionObject = { [key: string]: JsonValue };
/** One card: a stable `id` for drag and drop and keyed lists, and its action. */
export interface Card {
  id: number;
  action: ActionObject;
}

import type { Notice } from "../notice";

const pretty = (value: JsonValue) => JSON.stringify(value, null, 2);

export class Composer {
  catalogue = $state<NccoCatalogue | null>(null);
  docs = $state<NccoSummary[]>([]);
  id = $state<Id | null>(null);
  name = $state("Untitled NCCO");
  cards = $state<Card[]>([]);
  findings = $state<Finding[]>([]);
  text = $state("[]");
  syntaxError = $state<SyntaxError | null>(null);
  saved = $state("[]");
  notice = $state<Notice | null>(null);
  /** Saving, activating, importing…: one at a time, each failure the notice. */
  private readonly task = new Task((error) => (this.notice = { tone: "bad", error }));
  /** Loading and the checks as the work changes: failures the notice, without making the toolbar wait. */
  private readonly quiet = new Task((error) => (this.notice = { tone: "bad", error }));

  /** Whether an action is running (its buttons wait). */
  get busy(): boolean {
    return this.task.busy;
  }
  /** Every change, to undo and redo. */
  private readonly history = new History();

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  private nextCardId = 1;
  private checkSequence = 0;
  private dragStart: string | null = null;

  constructor(private readonly backend: Backend) {}

  get document(): ActionObject[] {
    return this.cards.map((card) => card.action);
  }
  get errors(): number {
    return this.findings.filter((f) => f.severity === "error").length;
  }
  get warnings(): number {
    return this.findings.filter((f) => f.severity === "warning").length;
  }
  get dirty(): boolean {
    // JSON that does not parse is an edit not yet in the cards: unsaved, never "Saved".
    return this.syntaxError !== null || JSON.stringify(this.document) !== this.saved || (this.id === null && this.cards.length > 0);
  }
  get isActive(): boolean {
    return this.docs.some((doc) => doc.id === this.id && doc.active);
  }

  /**
   * Asks before unsaved work is replaced (a template chosen, another document opened); true to go on.
   * A window's confirm by default; tests give their own.
   */
  confirmDiscard: (name: string) => boolean = (name) =>
    globalThis.confirm?.(`“${name}” has changes that are not saved. Replace them?`) ?? true;

  async start(): Promise<void> {
    await this.quiet.run(async () => {
      this.catalogue = await this.backend.call("ncco_catalogue", {});
      await this.refreshList();
      const draft = drafts.read();
      const active = this.docs.find((doc) => doc.active);
      if (draft && (draft.id === null || this.docs.some((doc) => doc.id === draft.id))) {
        await this.restore(draft.id, draft.name, draft.document);
      } else if (active) await this.open(active.id);
      else this.replaceAll([], { record: false, markSaved: true });
    });
  }

  /** Unsaved work from before (another section, or the last run) back as it was, still unsaved. */
  private async restore(id: Id | null, name: string, document: ActionObject[]): Promise<void> {
    if (id !== null) await this.open(id, { force: true });
    else this.newDocument(undefined, { force: true });
    this.name = name;
    this.replaceAll(document, { record: false });
    if (this.dirty) this.notice = { tone: "ok", text: `Your unsaved changes to “${name}” were kept.`, hint: "Save to keep them for good, or undo them." };
  }

  async refreshList(): Promise<void> {
    this.docs = await this.backend.call("ncco_list", {});
  }

  // --- editing -----------------------------------------------------------------

  add(actionName: string, at = this.cards.length): void {
    const next = [...this.document];
    next.splice(at, 0, newAction(actionName));
    this.replaceAll(next);
  }

  remove(index: number): void {
    this.replaceAll(this.document.filter((_, i) => i !== index));
  }

  duplicate(index: number): void {
    const next = [...this.document];
    const copy = JSON.parse(JSON.stringify(this.document[index] ?? {})) as ActionObject;
    next.splice(index + 1, 0, copy);
    this.replaceAll(next);
  }

  move(from: number, to: number): void {
    if (to < 0 || to >= this.cards.length || from === to) return;
    const before = JSON.stringify(this.document);
    const cards = [...this.cards];
    const [moved] = cards.splice(from, 1);
    cards.splice(to, 0, moved!);
    this.finishReorder(cards, before);
  }

  /** Live reordering while dragging: nothing is recorded until the drop. */
  considerDrag(cards: Card[]): void {
    this.dragStart ??= JSON.stringify(this.document);
    this.cards = cards;
  }

  finishDrag(cards: Card[]): void {
    const before = this.dragStart ?? JSON.stringify(this.document);
    this.dragStart = null;
    this.finishReorder(cards, before);
  }

  /** Sets one option. Typing into the same field within a moment is one undo step. */
  setField(pointer: string, value: JsonValue | undefined): void {
    this.history.record(JSON.stringify(this.document), pointer);
    this.replaceAll(setAt(this.document, pointer, value) as ActionObject[], { record: false });
  }

  async applyFix(fix: Fix): Promise<void> {
    await this.task.run(async () => {
      const fixed = await this.backend.call("ncco_apply_fix", { document: this.document, fix });
      this.replaceAll(Array.isArray(fixed) ? (fixed as ActionObject[]) : [fixed as ActionObject]);
    });
  }

  /** The JSON pane changed: apply it when it parses; otherwise say where it breaks and keep the cards. */
  async editText(text: string): Promise<void> {
    this.text = text;
    const sequence = ++this.checkSequence;
    const result = await this.backend.call("ncco_check", { text });
    if (sequence !== this.checkSequence) return;
    this.syntaxError = result.syntax_error;
    if (result.document === null) return;
    const document = result.document;
    const actions = Array.isArray(document) ? document : [document];
    this.replaceAll(actions as ActionObject[], { fromText: true });
    this.findings = result.findings;
  }

  undo(): void {
    const previous = this.history.undo(JSON.stringify(this.document));
    if (previous !== null) this.replaceAll(JSON.parse(previous) as ActionObject[], { record: false });
  }

  redo(): void {
    const next = this.history.redo(JSON.stringify(this.document));
    if (next !== null) this.replaceAll(JSON.parse(next) as ActionObject[], { record: false });
  }

  // --- documents ---------------------------------------------------------------

  /** A new document (from a template when given); asks first when there is unsaved work. False when kept. */
  newDocument(templateId?: string, options: { force?: boolean } = {}): boolean {
    if (!options.force && this.dirty && !this.confirmDiscard(this.name)) return false;
    const template = this.catalogue?.templates.find((t) => t.id === templateId);
    this.id = null;
    this.name = template ? template.name : "Untitled NCCO";
    this.history.clear();
    this.replaceAll((template?.ncco as ActionObject[] | undefined) ?? [], { record: false });
    this.saved = "[]";
    this.notice = null;
    drafts.clear();
    return true;
  }

  /** Opens a saved document; asks first when there is unsaved work. */
  async open(id: Id, options: { force?: boolean } = {}): Promise<void> {
    if (!options.force && this.dirty && id !== this.id && !this.confirmDiscard(this.name)) return;
    await this.run(async () => {
      const document = await this.backend.call("ncco_get", { id });
      this.id = document.id;
      this.name = document.name;
      this.history.clear();
      const actions = Array.isArray(document.document) ? document.document : [document.document];
      this.replaceAll(actions as ActionObject[], { record: false, markSaved: true });
      drafts.clear();
    });
  }

  async save(): Promise<boolean> {
    return this.run(async () => {
      const saved = await this.backend.call("ncco_save", { id: this.id, name: this.name, document: this.document });
      this.id = saved.id;
      this.name = saved.name;
      this.saved = JSON.stringify(this.document);
      drafts.clear();
      await this.refreshList();
      this.notice = { tone: "ok", text: `Saved “${saved.name}”.` };
    });
  }

  async activate(): Promise<boolean> {
    if (this.dirty && !(await this.save())) return false;
    return this.run(async () => {
      this.docs = await this.backend.call("ncco_activate", { id: this.id });
      this.notice = { tone: "ok", text: `The answer webhook now serves “${this.name}”.` };
    });
  }

  async deleteCurrent(): Promise<boolean> {
    const id = this.id;
    if (id === null) return false;
    return this.run(async () => {
      await this.backend.call("ncco_delete", { id });
      await this.refreshList();
      this.newDocument();
      this.notice = { tone: "ok", text: "Deleted." };
    });
  }

  async importFile(path: string): Promise<boolean> {
    return this.run(async () => {
      const imported = await this.backend.call("ncco_import", { path });
      await this.refreshList();
      await this.open(imported.id);
      this.notice = { tone: "ok", text: `Imported “${imported.name}”.` };
    });
  }

  async exportFile(path: string): Promise<boolean> {
    const id = this.id;
    if (id === null) return false;
    return this.run(async () => {
      await this.backend.call("ncco_export", { id, path });
      this.notice = { tone: "ok", text: `Exported to ${path}.` };
    });
  }

  // --- internals -----------------------------------------------------------------

  private finishReorder(cards: Card[], before: string): void {
    this.cards = cards;
    if (JSON.stringify(this.document) === before) return;
    this.history.record(before);
    this.afterChange(false);
  }

  private replaceAll(actions: ActionObject[], options: { record?: boolean; fromText?: boolean; markSaved?: boolean } = {}): void {
    const { record = true, fromText = false, markSaved = false } = options;
    if (record) this.history.record(JSON.stringify(this.document));
    // Keep card ids by position so open inputs keep their focus while typing.
    this.cards = actions.map((action, index) => ({ id: this.cards[index]?.id ?? this.nextCardId++, action }));
    if (markSaved) this.saved = JSON.stringify(this.document);
    this.afterChange(fromText);
  }

  /** Keeps unsaved work beside the saved version (see ../drafts.ts); nothing once it is saved. */
  keepDraft(): void {
    if (this.dirty && this.syntaxError === null) drafts.write({ id: this.id, name: this.name, document: this.document });
    else if (!this.dirty) drafts.clear();
  }

  private afterChange(fromText: boolean): void {
    this.keepDraft();
    if (!fromText) {
      this.text = pretty(this.document);
      this.syntaxError = null;
      void this.revalidate();
    }
  }

  private async revalidate(): Promise<void> {
    const sequence = ++this.checkSequence;
    await this.quiet.run(async () => {
      const result = await this.backend.call("ncco_check", { text: JSON.stringify(this.document) });
      if (sequence === this.checkSequence) this.findings = result.findings;
    });
  }

  /** Runs an action of the toolbar's: whether it went through. */
  private async run(action: () => Promise<void>): Promise<boolean> {
    const done = await this.task.run(async () => {
      await action();
      return true;
    });
    return done ?? false;
  }
}
