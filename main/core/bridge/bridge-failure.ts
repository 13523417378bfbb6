// An error a handler (or the app core) throws on purpose, already in the contract's terms: the
// dispatcher passes its code and message to the renderer unchanged.
import type { BridgeError, BridgeErrorCode } from '../../../preload/contract.ts';

export class BridgeFailure extends Error {
  override readonly name = 'BridgeFailure';
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    readonly issues?: BridgeError['issues'],
  ) {
    super(message);
  }

  static notFound(what: string): BridgeFailure {
    return new BridgeFailure('notFound', `${what} was not found. It may have been moved or deleted.`);
  }
}
