import { describe, expect, it } from "vitest";
import { GLOSSARY, gloss, lookUp } from "./glossary";
import { HELP } from "./pages";
import { SECTION_LABELS } from "../bindings";

describe("the glossary", () => {
  it("explains each word the issue names, once", () => {
    for (const word of ["NCCO", "DTMF", "E.164", "webhook", "tunnel", "WebSocket"]) expect(lookUp(word), word).toBeDefined();
    const terms = GLOSSARY.map((t) => t.term.toLowerCase());
    expect(new Set(terms).size).toBe(terms.length);
  });

  it("marks the longest term, only its first time, and leaves words inside other words alone", () => {
    const pieces = gloss("The answer webhook serves the NCCO; another NCCO, NCCOs, and webhooks.");
    expect(pieces.filter((p) => p.term).map((p) => p.text)).toEqual(["answer webhook", "NCCO", "webhooks"]);
    expect(pieces.map((p) => p.text).join("")).toBe("The answer webhook serves the NCCO; another NCCO, NCCOs, and webhooks.");
  });

  it("finds E.164 by its dot and not inside a longer word", () => {
    expect(gloss("Numbers in E.164 form").some((p) => p.term?.term === "E.164")).toBe(true);
    expect(gloss("xE.164").some((p) => p.term)).toBe(false);
  });
});

describe("the help pages", () => {
  it("cover every section with a purpose, steps and what can go wrong", () => {
    for (const id of Object.keys(SECTION_LABELS) as (keyof typeof SECTION_LABELS)[]) {
      const page = HELP[id];
      expect(page.purpose.length, id).toBeGreaterThan(40);
      expect(page.steps.length, id).toBeGreaterThan(0);
      expect(page.problems.length, id).toBeGreaterThan(0);
    }
  });
});
