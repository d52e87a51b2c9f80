/**
 * For state that has no event to await (a server-side counter): checks it every
 * 20 ms and fails with `what` after `ms`.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
