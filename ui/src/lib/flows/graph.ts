// A flow as the canvas draws it: a node per step, an edge per way out (branches, the
// next step, a repeat limit's step), and an automatic layout (dagre, left to right: a
// menu's choices stack in a column, which fits the canvas beside the step editor).
import dagre from "@dagrejs/dagre";
import { MarkerType, type Edge, type Node } from "@xyflow/svelte";
import type { Flow, FlowFinding, Step } from "../bindings";
import { actionLine, whenLabel } from "./editor.svelte";

export interface StepNodeData extends Record<string, unknown> {
  step: Step;
  start: boolean;
  errors: number;
  warnings: number;
  onPath: boolean;
  lines: string[];
}

export type StepNode = Node<StepNodeData, "step">;

/** Every way out of a step: the edge's id, where it goes, and its label. */
export function exits(step: Step): { id: string; to: string; label: string; kind: "branch" | "next" | "repeat" }[] {
  const out = (step.branches ?? []).map((branch, index) => ({
    id: `${step.id}:b${index}`,
    to: branch.to,
    label: whenLabel(branch.when),
    kind: "branch" as const,
  }));
  if (step.next) out.push({ id: `${step.id}:next`, to: step.next, label: "then", kind: "branch" as const });
  if (step.repeat) out.push({ id: `${step.id}:repeat`, to: step.repeat.then, label: `after ${step.repeat.times} times`, kind: "branch" as const });
  return out;
}

export function toNodes(flow: Flow, findings: FlowFinding[], selected: string | null, path: string[]): StepNode[] {
  return flow.steps.map((step, index) => ({
    id: step.id,
    type: "step",
    position: step.position ?? { x: Math.floor(index / 4) * 320, y: (index % 4) * 120 },
    selected: step.id === selected,
    data: {
      step,
      start: step.id === flow.start,
      errors: findings.filter((f) => f.step === step.id && f.severity === "error").length,
      warnings: findings.filter((f) => f.step === step.id && f.severity === "warning").length,
      onPath: path.includes(step.id),
      lines: step.ncco.map(actionLine),
    },
  }));
}

export function toEdges(flow: Flow, path: string[]): Edge[] {
  const ids = new Set(flow.steps.map((s) => s.id));
  const walked = new Set(path.slice(1).map((to, i) => `${path[i]}>${to}`));
  return flow.steps.flatMap((step) =>
    exits(step)
      .filter((exit) => ids.has(exit.to))
      .map((exit) => {
        const lit = walked.has(`${step.id}>${exit.to}`);
        return {
          id: exit.id,
          source: step.id,
          target: exit.to,
          label: exit.label,
          type: "smoothstep",
          animated: lit,
          class: lit ? "edge-lit" : undefined,
          markerEnd: { type: MarkerType.ArrowClosed },
        } satisfies Edge;
      }),
  );
}

/** Places for every step: ranks left to right from the start, by the flow's edges. */
export function layout(flow: Flow): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 30, ranksep: 110 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const step of flow.steps) graph.setNode(step.id, { width: 220, height: 40 + 18 * step.ncco.length });
  const ids = new Set(flow.steps.map((s) => s.id));
  for (const step of flow.steps) {
    for (const exit of exits(step)) {
      // Loops back to an earlier step would pull it down; dagre reverses cycles itself.
      if (ids.has(exit.to) && exit.to !== step.id) graph.setEdge(step.id, exit.to);
    }
  }
  dagre.layout(graph);
  const places = new Map<string, { x: number; y: number }>();
  for (const step of flow.steps) {
    const node = graph.node(step.id);
    if (node) places.set(step.id, { x: node.x - node.width / 2, y: node.y - node.height / 2 });
  }
  return places;
}
