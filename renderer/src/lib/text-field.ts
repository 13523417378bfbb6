// DOM helper kept apart from keyboard.ts so that file stays pure (and testable in Node).

/** Whether an event target is somewhere typing happens (so shortcuts must not fire). */
export function isTextField(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as Element;
  return element.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
}
