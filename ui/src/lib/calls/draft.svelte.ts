// What the person typed in the dialer and the call they chose, kept while they visit
// other sections (the Calls view is rebuilt each time it is shown).
import type { NccoSource } from "../bindings";

export const dialer = $state({
  to: "",
  from: "",
  source: "answer_webhook" as NccoSource,
  selected: null as string | null,
});
