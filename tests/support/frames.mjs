// Counting the frames a client draws, for the idle tests and benchmarks: the
// web client's window.zhixing.state().frame and the desktop client's
// --state-file report how many frames it has drawn so far. Reading them draws
// nothing (the hook only reads).

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits until `read()` (a frame count) stops growing for `quietMs`, checking
// every 100 ms for at most `limitMs`; returns the count, or null if it never
// settled (a client that draws every frame).
export async function settled(read, { quietMs = 1000, limitMs = 30000 } = {}) {
  const end = Date.now() + limitMs;
  let last = await read();
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(100);
    const now = await read();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return now;
    }
  }
  return null;
}

// Frames drawn during `ms` without input.
export async function framesDuring(read, ms) {
  const a = await read();
  await sleep(ms);
  return (await read()) - a;
}

// The web client's frame count.
export const webFrames = (page) => () => page.evaluate(() => window.zhixing.state().frame);
