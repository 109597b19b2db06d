// A virtual X display of its own (Xvfb on a display number it picks itself,
// told back through -displayfd), for desktop tests and benchmarks that run
// the native client in a real window and send it input with xdotool.
import { spawn, spawnSync } from 'node:child_process';

export async function startXvfb({ width = 1280, height = 800 } = {}) {
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr.on('data', (c) => { err += c; });
  const display = await new Promise((resolve, reject) => {
    let got = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start in 20 s: ' + err)), 20000);
    proc.stdio[3].on('data', (c) => {
      got += c;
      if (got.includes('\n')) {
        clearTimeout(timer);
        resolve(':' + got.trim());
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}: ${err}`));
    });
  });
  proc.removeAllListeners('exit');
  const env = { ...process.env, DISPLAY: display };
  return {
    display,
    env,
    // Runs xdotool on this display (mousemove X Y, click 1, ...).
    xdotool(...args) {
      const r = spawnSync('xdotool', args, { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`xdotool ${args.join(' ')}: ${r.stderr || r.error}`);
      return r.stdout;
    },
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}
