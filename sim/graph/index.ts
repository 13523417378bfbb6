// PLACEHOLDER (replaced by the Graph work): Microsoft Graph v1.0 / beta endpoints.
import type { RouteHandler, SimContext } from '../context.ts';

export interface SimGraph {
  handle: RouteHandler;
}

export function createGraph(_ctx: SimContext): SimGraph {
  return { handle: async () => false };
}
