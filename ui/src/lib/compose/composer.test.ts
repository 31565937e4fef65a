import { beforeEach, describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import { commandsOnly } from "../testing/backend";
import type { NccoCheck } from "../bindings";
import { Composer } from "./composer.svelte";

/**
 * A backend double for the composer's own logic (history, cards, text pane). It parses
 * JSON as the real ncco_check does but finds nothing; the real validator is exercised
 * by the Rust tests and the end-to-end suite.
 */
function backend(): Backend {
  return commandsOnly(async (name, args) => {
      if (name === "ncco_check") {
        const { text } = args as { text: string };
        try {
          return { syntax_error: null, document: JSON.parse(text), findings: [] } satisfies NccoCheck as never;
        } catch {
          return { syntax_error: { line: 1, column: 2, message: "expected value" }, document: null, findings: [] } as never;
        }
      }
      if (name === "ncco_catalogue") return { actions: [], endpoints: [], templates: [], placeholders: [] } as never;
      if (name === "ncco_list") return [] as never;
      throw new Error(`unexpected ${name}`);
  });
}

describe("Composer", () => {
  beforeEach(() => localStorage.clear());

  it("keeps unsaved work across a new composer (another section, a restart) and asks before replacing it", async () => {
    const first = new Composer(backend());
    await first.start();
    first.add("talk");
    first.setField("/0/text", "Press 1 for sales");
    expect(first.dirty).toBe(true);

    // Leaving Compose drops the view and its composer; coming back makes a new one.
    const again = new Composer(backend());
    await again.start();
    expect(again.document).toEqual([{ action: "talk", text: "Press 1 for sales" }]);
    expect(again.dirty).toBe(true);
    expect(again.notice).toMatchObject({ tone: "ok", text: expect.stringContaining("unsaved changes") });

    // A template over unsaved work: asked first, and kept when the answer is no.
    const asked: string[] = [];
    again.confirmDiscard = (name) => (asked.push(name), false);
    expect(again.newDocument()).toBe(false);
    expect(asked).toEqual(["Untitled NCCO"]);
    expect(again.document).toEqual([{ action: "talk", text: "Press 1 for sales" }]);
    again.confirmDiscard = () => true;
    expect(again.newDocument()).toBe(true);
    expect(again.document).toEqual([]);

    // Replaced on purpose: nothing comes back.
    const third = new Composer(backend());
    await third.start();
    expect(third.document).toEqual([]);
    expect(third.dirty).toBe(false);
  });

  it("adds, edits, moves and removes cards, keeping the JSON in step", async () => {
    const composer = new Composer(backend());
    await composer.start();
    composer.add("talk");
    composer.add("input");
    composer.setField("/0/text", "Hello");
    composer.move(1, 0);
    expect(composer.document.map((a) => a.action)).toEqual(["input", "talk"]);
    expect(JSON.parse(composer.text)).toEqual(composer.document);
    composer.remove(0);
    expect(composer.document).toEqual([{ action: "talk", text: "Hello" }]);
  });

  it("undoes and redoes, with a typing run as one step", async () => {
    const composer = new Composer(backend());
    await composer.start();
    composer.add("talk");
    composer.setField("/0/text", "H");
    composer.setField("/0/text", "He");
    composer.setField("/0/text", "Hey");
    composer.undo();
    expect(composer.document).toEqual([{ action: "talk", text: "" }]);
    composer.undo();
    expect(composer.document).toEqual([]);
    expect(composer.canUndo).toBe(false);
    composer.redo();
    composer.redo();
    expect(composer.document).toEqual([{ action: "talk", text: "Hey" }]);
    expect(composer.canRedo).toBe(false);
  });

  it("keeps the cards when the JSON pane has a syntax error, and takes the text once it parses", async () => {
    const composer = new Composer(backend());
    await composer.start();
    composer.add("talk");
    await composer.editText('[{"action": "talk",');
    expect(composer.syntaxError).toEqual({ line: 1, column: 2, message: "expected value" });
    expect(composer.document).toEqual([{ action: "talk", text: "" }]);
    expect(composer.text, "what the person typed is kept").toBe('[{"action": "talk",');
    expect(composer.dirty, "JSON that does not parse is never shown as saved").toBe(true);
    await composer.editText('[{"action": "wait", "timeout": 2}]');
    expect(composer.syntaxError).toBeNull();
    expect(composer.document).toEqual([{ action: "wait", timeout: 2 }]);
  });

  it("a drag is recorded once, at the drop", async () => {
    const composer = new Composer(backend());
    await composer.start();
    composer.add("talk");
    composer.add("record");
    const [first, second] = composer.cards;
    composer.considerDrag([second!, first!]);
    composer.finishDrag([second!, first!]);
    expect(composer.document.map((a) => a.action)).toEqual(["record", "talk"]);
    composer.undo();
    expect(composer.document.map((a) => a.action)).toEqual(["talk", "record"]);
  });
});
