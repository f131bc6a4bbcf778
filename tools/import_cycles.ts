/**
 * @module
 * Import circles among the repo's modules (type-only imports count: a circle of types is still a
 * knot the layers should not have). Tests are left out: a test may import what imports it.
 * `tools/check_boundaries.ts` reports them beside the boundary rules.
 */

import { localImports } from "./imports.ts";

/** Each circle as the files on it, from its first file in sort order; none when the graph is a DAG. */
export function findCycles(sources: ReadonlyMap<string, string>): string[][] {
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    if (file.endsWith("_test.ts")) continue;
    graph.set(file, localImports(file, text).map((i) => i.target).filter((t) => sources.has(t)));
  }
  return stronglyConnected(graph).filter((c) => c.length > 1).map((c) => c.sort());
}

/** Tarjan's strongly connected components, iteratively (the import graph can be deep). */
function stronglyConnected(graph: ReadonlyMap<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        out.push(component);
      }
    }
  }
  return out;
}
