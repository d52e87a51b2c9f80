// Preloaded into a server process under test (node --expose-gc --import this-file): on
// SIGUSR2 it collects garbage and prints its memory, so a test reads what is really
// retained instead of garbage not yet collected.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  console.log(`MEMORY ${JSON.stringify({ rss, heapUsed, external })}`);
});
