import { beforeEach, describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import { commandsOnly } from "../testing/backend";
import type { Flow, FlowDocument, FlowSummary } from "../bindings";
import { FlowEditor } from "./editor.svelte";

/** A copy as the real backend makes one (through JSON: the editor's flows are reactive proxies). */
const copy = (flow: Flow): Flow => JSON.parse(JSON.stringify(flow)) as Flow;

/**
 * A backend double keeping saved flows in memory, for the editor's own logic (drafts, asking
 * before unsaved work is replaced). The real flow store and checker are exercised by the Rust
 * tests and the end-to-end suite.
 */
function backend(saved: Map<number, Flow>): Backend {
  const document = (id: number): FlowDocument => ({ id, revision: 1, flow: copy(saved.get(id)!), updated_at: "", active: false, findings: [] });
  return commandsOnly(async (name, args) => {
      if (name === "flow_catalogue") return { templates: [] } as never;
      if (name === "flow_check") return [] as never;
      if (name === "flow_revisions") return [] as never;
      if (name === "flow_list")
        return [...saved].map(([id, flow]): FlowSummary => ({ id, name: flow.name, updated_at: "", active: false, steps: flow.steps.length, errors: 0, warnings: 0 })) as never;
      if (name === "flow_get") return document((args as { id: number }).id) as never;
      if (name === "flow_save") {
        const { id, flow } = args as { id: number | null; flow: Flow };
        const key = id ?? saved.size + 1;
        saved.set(key, copy(flow));
        return document(key) as never;
      }
      throw new Error(`unexpected ${name}`);
  });
}

describe("FlowEditor", () => {
  beforeEach(() => localStorage.clear());

  it("keeps unsaved work across a new editor (another section, a restart) and asks before replacing it", async () => {
    const saved = new Map<number, Flow>();
    const first = new FlowEditor(backend(saved));
    await first.start();
    expect(first.dirty).toBe(false);
    first.setName("Menu");
    first.addStep("Sales");
    expect(first.dirty).toBe(true);

    // Leaving Flows drops the view and its editor; coming back makes a new one.
    const again = new FlowEditor(backend(saved));
    await again.start();
    expect(again.flow.name).toBe("Menu");
    expect(again.flow.steps.map((s) => s.name)).toEqual(["Start", "Sales"]);
    expect(again.dirty).toBe(true);
    expect(again.notice).toMatchObject({ tone: "ok", text: "Your unsaved changes to “Menu” were kept." });

    // A new flow over unsaved work: asked first, and kept when the answer is no.
    const asked: string[] = [];
    again.confirmDiscard = (name) => (asked.push(name), false);
    expect(again.newFlow()).toBe(false);
    expect(asked).toEqual(["Menu"]);
    expect(again.flow.name).toBe("Menu");
    again.confirmDiscard = () => true;
    expect(again.newFlow()).toBe(true);
    expect(again.flow.name).toBe("Untitled flow");

    // Replaced on purpose: a new editor starts blank (new and unsaved, but no draft comes back).
    const third = new FlowEditor(backend(saved));
    await third.start();
    expect(third.flow.name).toBe("Untitled flow");
    expect(third.notice).toBeNull();
  });

  it("keeps changes to a saved flow until they are saved, and asks before opening another", async () => {
    const saved = new Map<number, Flow>();
    const editor = new FlowEditor(backend(saved));
    await editor.start();
    editor.setName("Support");
    expect(await editor.save()).toBe(true);
    editor.addStep("Agents");

    const again = new FlowEditor(backend(saved));
    await again.start();
    expect(again.id).toBe(1);
    expect(again.flow.steps.map((s) => s.name)).toEqual(["Start", "Agents"]);
    expect(again.dirty).toBe(true);

    saved.set(2, { ...copy(saved.get(1)!), name: "Other" });
    await again.refreshList();
    again.confirmDiscard = () => false;
    expect(await again.open(2)).toBe(false);
    expect(again.id).toBe(1);
    expect(again.flow.steps).toHaveLength(2);

    expect(await again.save()).toBe(true);
    expect(again.dirty).toBe(false);
    const after = new FlowEditor(backend(saved));
    await after.start();
    expect(after.notice, "nothing unsaved to restore").toBeNull();
    expect(after.flow.steps.map((s) => s.name)).toEqual(["Start", "Agents"]);
  });
});
