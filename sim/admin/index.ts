// PLACEHOLDER (replaced by the Graph work): the /_admin API.
import type { RouteHandler, SimContext } from '../context.ts';
import type { SimIdentity } from '../identity/index.ts';
import type { SimGraph } from '../graph/index.ts';

export interface SimAdmin {
  handle: RouteHandler;
}

export function createAdmin(_ctx: SimContext, _parts: { identity: SimIdentity; graph: SimGraph }): SimAdmin {
  return { handle: async () => false };
}
