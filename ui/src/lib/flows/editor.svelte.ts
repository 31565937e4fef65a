// The Flows section's state: the flow being edited (steps, branches, positions), its
// findings, undo and redo across the whole flow, the selected step, revisions, and
// saving, activating, importing and exporting through the backend.
import { History } from "../history.svelte";
import { Task } from "../task.svelte";
import type { Backend } from "../backend";
import type { Branch, Flow, FlowCatalogue, FlowFinding, FlowRevision, FlowSummary, Id, Repeat, Step, When } from "../bindings";
import { draftSlot } from "../drafts";
import { newAction } from "../compose/fields";

import type { Notice } from "../notice";
export type Actions = Step["ncco"];

/** Unsaved work in Flows: the saved flow it edits (null for a new one), and the flow as edited. */
interface FlowDraft {
  id: Id | null;
  flow: Flow;
}

const drafts = draftSlot<FlowDraft>(
  "callboard.flows.draft",
  (value): value is FlowDraft => {
    const flow = (value as FlowDraft | null)?.flow;
    return typeof flow === "object" && flow !== null && Array.isArray(flow.steps) && typeof flow.name === "string";
  },
);

/** A blank flow: one step that greets the caller. */
export function blankFlow(): Flow {
  return {
    name: "Untitled flow",
    start: "start",
    steps: [{ id: "start", name: "Start", ncco: [{ ...newAction("talk") }], branches: [], position: { x: 0, y: 0 } }],
  };
}

/** An identifier for a new step from its name, unique in `flow` (as Rust's `id_from_name`). */
export function idFromName(name: string, taken: string[]): string {
  const words = name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(/\s+/)
    .join("-")
    .replace(/[^a-z0-9-]/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
  const base = words === "" ? "step" : words;
  let candidate = base;
  for (let n = 2; taken.includes(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** The branch's label, as on the canvas and the timeline (as Rust's `When::label`). */
export function whenLabel(when: When): string {
  switch (when.type) {
    case "keys":
      return `pressed ${when.keys}`;
    case "said":
      return `said ${when.phrases.map((p) => `“${p}”`).join(" or ")}`;
    case "no_input":
      return "no input";
    case "other":
      return "anything else";
    case "connect":
      return when.status;
  }
}

/** One line of a step's action, as its node shows it. */
export function actionLine(action: Actions[number]): string {
  const name = typeof action.action === "string" ? action.action : "?";
  const text = typeof action.text === "string" ? action.text : "";
  if (name === "talk") return text ? `talk: ${text}` : "talk";
  if (name === "input") {
    const types = Array.isArray(action.type) ? action.type.join(" + ") : "";
    return `input: ${types.replace("dtmf", "keys")}`;
  }
  if (name === "connect") {
    const endpoint = Array.isArray(action.endpoint) ? (action.endpoint[0] as Record<string, unknown> | undefined) : undefined;
    const to = endpoint ? String(endpoint.number ?? endpoint.uri ?? endpoint.user ?? endpoint.extension ?? "") : "";
    return to ? `connect: ${to}` : "connect";
  }
  return name;
}

export class FlowEditor {
  catalogue = $state<FlowCatalogue | null>(null);
  list = $state<FlowSummary[]>([]);
  id = $state<Id | null>(null);
  flow = $state<Flow>(blankFlow());
  findings = $state<FlowFinding[]>([]);
  selected = $state<string | null>("start");
  saved = $state(JSON.stringify(blankFlow()));
  notice = $state<Notice | null>(null);
  /** Saving, activating, importing…: one at a time, each failure the notice. */
  private readonly task = new Task((error) => (this.notice = { tone: "bad", error }));
  /** Loading and the checks as the work changes: failures the notice, without making the toolbar wait. */
  private readonly quiet = new Task((error) => (this.notice = { tone: "bad", error }));

  /** Whether an action is running (its buttons wait). */
  get busy(): boolean {
    return this.task.busy;
  }
  /** Every change to the flow, to undo and redo. */
  private readonly history = new History();

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }
  revisions = $state<FlowRevision[]>([]);
  /** The steps a chosen call went through, in order. */
  path = $state<string[]>([]);

  private checkSequence = 0;

  constructor(private readonly backend: Backend) {}

  /**
   * Asks before unsaved work is replaced (a template chosen, another flow opened); true to go on.
   * A window's confirm by default; tests give their own.
   */
  confirmDiscard: (name: string) => boolean = (name) =>
    globalThis.confirm?.(`“${name}” has changes that are not saved. Replace them?`) ?? true;

  get dirty(): boolean {
    return JSON.stringify(this.flow) !== this.saved;
  }
  get isActive(): boolean {
    return this.list.some((f) => f.id === this.id && f.active);
  }
  get errors(): number {
    return this.findings.filter((f) => f.severity === "error").length;
  }
  get warnings(): number {
    return this.findings.filter((f) => f.severity === "warning").length;
  }
  get step(): Step | undefined {
    return this.flow.steps.find((s) => s.id === this.selected);
  }
  /** The route key of the flow's routes (`f{id}`), by which a call's path names it. */
  get routeKey(): string | null {
    return this.id === null ? null : `f${this.id}`;
  }

  async start(): Promise<void> {
    await this.quiet.run(async () => {
      this.catalogue = await this.backend.call("flow_catalogue", {});
      await this.refreshList();
      const draft = drafts.read();
      const active = this.list.find((f) => f.active) ?? this.list[0];
      if (draft && (draft.id === null || this.list.some((f) => f.id === draft.id))) await this.restoreDraft(draft);
      else if (active) await this.open(active.id);
      else void this.revalidate();
    });
  }

  /** Unsaved work from before (another section, or the last run) back as it was, still unsaved. */
  private async restoreDraft(draft: FlowDraft): Promise<void> {
    if (draft.id !== null) await this.open(draft.id, null, { force: true });
    else this.newFlow(undefined, { force: true });
    this.flow = draft.flow;
    this.selected = draft.flow.start;
    void this.revalidate();
    if (this.dirty) {
      drafts.write(draft);
      this.notice = { tone: "ok", text: `Your unsaved changes to “${draft.flow.name}” were kept.`, hint: "Save to keep them for good, or undo them." };
    } else drafts.clear();
  }

  /** Keeps unsaved work beside the saved version (see ../drafts.ts); nothing once it is saved. */
  private keepDraft(): void {
    if (this.dirty) drafts.write({ id: this.id, flow: this.flow });
    else drafts.clear();
  }

  async refreshList(): Promise<void> {
    this.list = await this.backend.call("flow_list", {});
  }

  // --- editing: every change goes through `change`, one undo step each ---------------

  /** Adds a step named `name` (its id made from it) below `near`; returns its id. */
  addStep(name = "New step", near?: string): string {
    const id = idFromName(name, this.flow.steps.map((s) => s.id));
    const anchor = this.flow.steps.find((s) => s.id === near)?.position ?? this.flow.steps.at(-1)?.position ?? { x: 0, y: 0 };
    // Right of the step it leaves from, below the steps already there.
    const column = this.flow.steps.filter((s) => s.position && Math.abs(s.position.x - (anchor.x + 320)) < 60);
    const below = column.length === 0 ? anchor.y : Math.max(...column.map((s) => s.position!.y)) + 120;
    this.change((flow) => {
      flow.steps.push({
        id,
        name,
        ncco: [{ ...newAction("talk") }],
        branches: [],
        position: { x: anchor.x + 320, y: below },
      });
    });
    this.selected = id;
    return id;
  }

  /** The id of the step named `name` (without case), made when there is none. */
  stepNamed(name: string, near?: string): string {
    const wanted = name.trim();
    const found = this.flow.steps.find((s) => s.name.toLowerCase() === wanted.toLowerCase() || s.id === wanted);
    if (found) return found.id;
    const selected = this.selected;
    const id = this.addStep(wanted || "New step", near);
    this.selected = selected;
    return id;
  }

  deleteStep(id: string): void {
    const index = this.flow.steps.findIndex((s) => s.id === id);
    if (index < 0) return;
    this.change((flow) => {
      flow.steps.splice(index, 1);
      if (flow.start === id && flow.steps[0]) flow.start = flow.steps[0].id;
    });
    this.selected = this.flow.steps[Math.min(index, this.flow.steps.length - 1)]?.id ?? null;
  }

  renameStep(id: string, name: string): void {
    this.change((flow) => {
      const step = flow.steps.find((s) => s.id === id);
      if (step) step.name = name;
    }, `name:${id}`);
  }

  setStart(id: string): void {
    this.change((flow) => {
      flow.start = id;
    });
  }

  setName(name: string): void {
    this.change((flow) => {
      flow.name = name;
    }, "flow-name");
  }

  /** Replaces the step's actions (the card editor's edits); typing in one field is one undo step. */
  setActions(id: string, actions: Actions, typingKey?: string): void {
    this.change((flow) => {
      const step = flow.steps.find((s) => s.id === id);
      if (step) step.ncco = actions;
    }, typingKey);
  }

  addBranch(id: string, branch: Branch): void {
    this.change((flow) => {
      flow.steps.find((s) => s.id === id)?.branches?.push(branch);
    });
  }

  setBranch(id: string, index: number, branch: Branch, typingKey?: string): void {
    this.change((flow) => {
      const step = flow.steps.find((s) => s.id === id);
      if (step?.branches?.[index]) step.branches[index] = branch;
    }, typingKey);
  }

  removeBranch(id: string, index: number): void {
    this.change((flow) => {
      flow.steps.find((s) => s.id === id)?.branches?.splice(index, 1);
    });
  }

  setNext(id: string, next: string | undefined): void {
    this.change((flow) => {
      const step = flow.steps.find((s) => s.id === id);
      if (!step) return;
      if (next === undefined) delete step.next;
      else step.next = next;
    });
  }

  setRepeat(id: string, repeat: Repeat | undefined, typingKey?: string): void {
    this.change((flow) => {
      const step = flow.steps.find((s) => s.id === id);
      if (!step) return;
      if (repeat === undefined) delete step.repeat;
      else step.repeat = repeat;
    }, typingKey);
  }

  /** Steps dragged on the canvas: their new places, one undo step. */
  moveSteps(positions: Map<string, { x: number; y: number }>): void {
    const moved = this.flow.steps.some((s) => {
      const at = positions.get(s.id);
      return at && (!s.position || Math.round(s.position.x) !== Math.round(at.x) || Math.round(s.position.y) !== Math.round(at.y));
    });
    if (!moved) return;
    this.change((flow) => {
      for (const step of flow.steps) {
        const at = positions.get(step.id);
        if (at) step.position = { x: Math.round(at.x), y: Math.round(at.y) };
      }
    });
  }

  select(id: string | null): void {
    this.selected = id;
  }

  /** Selects the next (or previous) step in the flow's order. */
  selectNeighbour(offset: 1 | -1): void {
    const steps = this.flow.steps;
    if (steps.length === 0) return;
    const at = steps.findIndex((s) => s.id === this.selected);
    const next = at < 0 ? 0 : (at + offset + steps.length) % steps.length;
    this.selected = steps[next]!.id;
  }

  undo(): void {
    const previous = this.history.undo(JSON.stringify(this.flow));
    if (previous !== null) this.restore(previous);
  }

  redo(): void {
    const next = this.history.redo(JSON.stringify(this.flow));
    if (next !== null) this.restore(next);
  }

  // --- flows ---------------------------------------------------------------------

  /** Starts a new flow (blank, or from a template); asks first when there is unsaved work. */
  newFlow(templateId?: string, options: { force?: boolean } = {}): boolean {
    if (!options.force && this.dirty && !this.confirmDiscard(this.flow.name)) return false;
    const template = this.catalogue?.templates.find((t) => t.id === templateId);
    const flow = template ? (JSON.parse(JSON.stringify(template.flow)) as Flow) : blankFlow();
    const taken = this.list.map((f) => f.name.toLowerCase());
    let name = flow.name;
    for (let n = 2; taken.includes(name.toLowerCase()); n++) name = `${flow.name} (${n})`;
    flow.name = name;
    this.id = null;
    this.flow = flow;
    this.saved = "";
    this.selected = flow.start;
    this.path = [];
    this.revisions = [];
    this.history.clear();
    this.notice = null;
    drafts.clear();
    void this.revalidate();
    return true;
  }

  /** Opens a saved flow (or one of its revisions); asks first when there is unsaved work. */
  async open(id: Id, revision: Id | null = null, options: { force?: boolean } = {}): Promise<boolean> {
    if (!options.force && this.dirty && !this.confirmDiscard(this.flow.name)) return false;
    return this.run(async () => {
      const document = await this.backend.call("flow_get", { id, revision });
      this.id = document.id;
      this.flow = document.flow;
      this.findings = document.findings;
      this.saved = JSON.stringify(document.flow);
      this.selected = document.flow.start;
      this.path = [];
      this.history.clear();
      drafts.clear();
      this.revisions = await this.backend.call("flow_revisions", { id });
    });
  }

  async save(): Promise<boolean> {
    return this.run(async () => {
      const saved = await this.backend.call("flow_save", { id: this.id, flow: this.flow });
      this.id = saved.id;
      this.flow = saved.flow;
      this.findings = saved.findings;
      this.saved = JSON.stringify(saved.flow);
      drafts.clear();
      await this.refreshList();
      this.revisions = await this.backend.call("flow_revisions", { id: saved.id });
      this.notice = { tone: "ok", text: `Saved “${saved.flow.name}” (revision ${this.revisions.length}).` };
    });
  }

  async activate(): Promise<boolean> {
    if (this.dirty && !(await this.save())) return false;
    return this.run(async () => {
      this.list = await this.backend.call("flow_activate", { id: this.id });
      this.notice = { tone: "ok", text: `Calls now walk “${this.flow.name}”: the answer webhook serves “${this.stepName(this.flow.start)}”, and Callboard answers each branch.` };
    });
  }

  async deactivate(): Promise<boolean> {
    return this.run(async () => {
      this.list = await this.backend.call("flow_activate", { id: null });
      this.notice = { tone: "ok", text: "No flow is active: the answer webhook serves the active NCCO again (or the welcome message)." };
    });
  }

  async restoreRevision(revision: Id): Promise<boolean> {
    const id = this.id;
    if (id === null) return false;
    if (this.dirty && !this.confirmDiscard(this.flow.name)) return false;
    return this.run(async () => {
      const restored = await this.backend.call("flow_restore", { id, revision });
      await this.open(restored.id, null, { force: true });
      await this.refreshList();
      this.notice = { tone: "ok", text: "Restored as the newest revision; every earlier one is still kept." };
    });
  }

  async deleteCurrent(): Promise<boolean> {
    const id = this.id;
    if (id === null) return false;
    return this.run(async () => {
      await this.backend.call("flow_delete", { id });
      await this.refreshList();
      this.newFlow(undefined, { force: true });
      this.notice = { tone: "ok", text: "Deleted." };
    });
  }

  async importFile(path: string): Promise<boolean> {
    if (this.dirty && !this.confirmDiscard(this.flow.name)) return false;
    return this.run(async () => {
      const imported = await this.backend.call("flow_import", { path });
      await this.refreshList();
      await this.open(imported.id, null, { force: true });
      this.notice = { tone: "ok", text: `Imported “${imported.flow.name}”.` };
    });
  }

  async exportFile(path: string): Promise<boolean> {
    const id = this.id;
    if (id === null) return false;
    if (this.dirty && !(await this.save())) return false;
    return this.run(async () => {
      await this.backend.call("flow_export", { id, path });
      this.notice = { tone: "ok", text: `Exported to ${path}.` };
    });
  }

  /** Lights the path the call `uuid` took through this flow. */
  async showPath(uuid: string | null): Promise<void> {
    if (uuid === null) {
      this.path = [];
      return;
    }
    await this.quiet.run(async () => {
      const timeline = await this.backend.call("calls_timeline", { uuid });
      const key = this.routeKey;
      this.path = timeline.entries.flatMap((e) => (e.kind === "step" && e.flow?.step && (key === null || e.flow.flow === key) && e.flow.why.includes("→") ? [e.flow.step] : []));
    });
  }

  stepName(id: string): string {
    return this.flow.steps.find((s) => s.id === id)?.name ?? id;
  }

  // --- internals -------------------------------------------------------------------

  private change(edit: (flow: Flow) => void, typingKey?: string): void {
    const before = JSON.stringify(this.flow);
    const next = JSON.parse(before) as Flow;
    edit(next);
    const after = JSON.stringify(next);
    if (after === before) return;
    this.history.record(before, typingKey);
    this.flow = next;
    this.keepDraft();
    void this.revalidate();
  }

  private restore(snapshot: string): void {
    this.flow = JSON.parse(snapshot) as Flow;
    if (!this.flow.steps.some((s) => s.id === this.selected)) this.selected = this.flow.steps[0]?.id ?? null;
    this.keepDraft();
    void this.revalidate();
  }


  private async revalidate(): Promise<void> {
    const sequence = ++this.checkSequence;
    await this.quiet.run(async () => {
      const findings = await this.backend.call("flow_check", { flow: this.flow });
      if (sequence === this.checkSequence) this.findings = findings;
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
