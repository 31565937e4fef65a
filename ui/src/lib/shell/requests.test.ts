import { describe, expect, it } from "vitest";
import { request, takeRequests, type SectionRequest } from "./requests";

describe("menu requests to a section", () => {
  it("reach the section's view now, or when it next takes them, and never another section", () => {
    const flows: SectionRequest[] = [];
    const compose: SectionRequest[] = [];
    const stopFlows = takeRequests("flows", (r) => flows.push(r));
    request("compose", "import"); // Compose is not there yet: kept for it
    expect(flows).toEqual([]);
    stopFlows();
    const stopCompose = takeRequests("compose", (r) => compose.push(r));
    expect(compose).toEqual(["import"]);
    request("compose", "export");
    expect(compose).toEqual(["import", "export"]);
    stopCompose();
    request("compose", "new");
    expect(compose).toEqual(["import", "export"]);
    takeRequests("compose", (r) => compose.push(r))();
    expect(compose).toEqual(["import", "export", "new"]);
  });
});
