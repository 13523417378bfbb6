// The one door into the core for the renderer: checks the call's name, validates its input
// against the contract's schema before any handler runs, runs the handler, and answers with a
// CallOutcome. Never throws (errors lose their type over IPC and WebSocket alike).
import type { z } from 'zod';
import { callInputs, isCallName, type CallName, type CallOutcome, type CallResult, type ValidCallInput } from '../../../preload/contract.ts';
import type { Logger } from '../log.ts';
import { clip, toBridgeError } from './error-mapping.ts';

/** A handler for every call: the compiler proves none is missing. */
export type Handlers = { [N in CallName]: (input: ValidCallInput<N>) => Promise<CallResult<N>> };

export type Dispatch = (name: unknown, input: unknown) => Promise<CallOutcome<unknown>>;

/** Invalid input is described, never echoed: a huge or hostile value stays out of the answer. */
const MAX_ISSUES = 20;
const MAX_PATH_SEGMENT = 64;

function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map((segment) => clip(String(segment), MAX_PATH_SEGMENT)).join('.') || '(input)',
    message: clip(issue.message),
  }));
}

export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (name, input) => {
    if (!isCallName(name)) {
      const shown = typeof name === 'string' ? clip(name, MAX_PATH_SEGMENT) : typeof name;
      return { ok: false, error: { code: 'invalidInput', message: `Unknown call: ${shown}` } };
    }
    const parsed = callInputs[name].safeParse(input);
    if (!parsed.success) {
      logger.warn({ call: name, issues: parsed.error.issues.length }, 'bridge call with invalid input');
      return { ok: false, error: { code: 'invalidInput', message: `Invalid input for ${name}`, issues: describeIssues(parsed.error) } };
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toBridgeError(err, logger, name) };
    }
  };
}
