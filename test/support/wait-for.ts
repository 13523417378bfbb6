// Waiting on real time for something another party does (a webhook delivery, a timer in a
// child process): a generous limit for a loaded 2-core CI machine, and a message that says
// what never happened. Never a timing assertion: only the eventual outcome is checked.
export async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
