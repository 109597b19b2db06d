// Command-line arguments for the node scripts (benchmarks, tests): the same
// contract as the C++ tools' parser (shared/zx/core/cli.hpp), so every tool
// of the project answers --help and refuses mistakes in the same words.
//
//   const args = parseArgs({
//     program: 'node bench/web_startup.mjs',
//     summary: 'Size of the web client and time to its first frame.',
//     options: {
//       build: { value: 'DIR', default: 'build', help: 'the build folder' },
//       runs: { value: 'N', type: 'int', min: 1, max: 1000, default: 7, help: 'page loads' },
//       'server-bin': { value: 'FILE', required: true, help: 'zhixing-server to start' },
//       verbose: { flag: true, help: 'say more' },
//     },
//   });
//   args.build, args.runs, args.serverBin, args.verbose   // names in camelCase
//
// Contract (parse() is pure; parseArgs() adds the printing and exiting):
//  - "-h" / "--help" anywhere before "--": the usage (generated from the
//    spec, every option with its default) on stdout, exit 0.
//  - An unknown option, a missing value, a malformed or out-of-range number,
//    a value not among `choices`, a missing required option, or any
//    positional word: one line "PROGRAM: PROBLEM; try --help" on stderr, exit 2.
//  - "--name value" or "--name=value"; flags take no value and default to
//    false; given twice, the last wins.
//  - Types: 'string' (default), 'int' (decimal integer), 'number' (finite
//    decimal), 'ints' (comma-separated integers, each within min..max).
//    Values left out keep `default` (undefined if there is none).

const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
const isNumeric = (opt) => opt.type === 'int' || opt.type === 'number' || opt.type === 'ints';

// "1 to 1000", "at least 1", "at most 9"; empty when unbounded.
function rangeText(opt) {
  if (opt.min !== undefined && opt.max !== undefined) return `${opt.min} to ${opt.max}`;
  if (opt.min !== undefined) return `at least ${opt.min}`;
  if (opt.max !== undefined) return `at most ${opt.max}`;
  return '';
}

function convert(name, opt, text) {
  const type = opt.type || 'string';
  const inRange = (v) => (opt.min === undefined || v >= opt.min) && (opt.max === undefined || v <= opt.max);
  if (type === 'string') {
    if (opt.choices && !opt.choices.includes(text)) {
      return { problem: `--${name}: "${text}" is not one of ${opt.choices.join(', ')}` };
    }
    return { value: text };
  }
  if (isNumeric(opt)) {
    const pattern = type === 'number' ? /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/ : /^-?\d+$/;
    const words = type === 'ints' ? text.split(',') : [text];
    const values = [];
    for (const w of words) {
      if (!pattern.test(w)) return { problem: `--${name}: "${w}" is not ${type === 'number' ? 'a number' : 'an integer'}` };
      const v = Number(w);
      if (!Number.isFinite(v) || (type !== 'number' && !Number.isSafeInteger(v)) || !inRange(v)) {
        const range = rangeText(opt);
        return { problem: `--${name}: ${w} is out of range${range ? ` (${range})` : ''}` };
      }
      values.push(v);
    }
    return { value: type === 'ints' ? values : values[0] };
  }
  throw new Error(`args.mjs: option --${name} has an unknown type ${type}`);
}

function shownDefault(opt) {
  if (opt.flag) return '';
  const parts = [];
  if (isNumeric(opt) && rangeText(opt)) parts.push(rangeText(opt));
  if (opt.choices) parts.push(`one of: ${opt.choices.join(', ')}`);
  if (opt.required) parts.push('required');
  else if (opt.defaultText !== undefined) parts.push(`default: ${opt.defaultText}`);
  else if (opt.default === undefined || opt.default === '') parts.push('default: none');
  else parts.push(`default: ${Array.isArray(opt.default) ? opt.default.join(',') : opt.default}`);
  return ` (${parts.join('; ')})`;
}

// The usage text for a spec, as printed by --help.
export function usage(spec) {
  const rows = Object.entries(spec.options).map(([name, opt]) => [
    `  --${name}${opt.flag ? '' : ' ' + (opt.value || 'VALUE')}`, opt.help + shownDefault(opt)]);
  rows.push(['  -h, --help', 'print this help and exit']);
  const width = Math.max(...rows.map(([l]) => Math.min(l.length, 26)));
  const lines = rows.map(([l, h]) => (l.length > width ? `${l}\n${' '.repeat(width)}  ${h}` : `${l.padEnd(width)}  ${h}`));
  let out = `Usage: ${spec.program} [options]\n\n${spec.summary}\n\nOptions:\n${lines.join('\n')}\n`;
  for (const note of spec.notes || []) out += `\n${note}\n`;
  return out;
}

// Pure: { values } when the arguments are good, else { exit, text } (exit 0:
// print text to stdout; exit 2: to stderr).
export function parse(spec, argv) {
  const fail = (problem) => ({ exit: 2, text: `${spec.program}: ${problem}; try --help\n` });
  for (const w of argv) {
    if (w === '--') break;
    if (w === '-h' || w === '--help') return { exit: 0, text: usage(spec) };
  }
  const values = {};
  for (const [name, opt] of Object.entries(spec.options)) values[camel(name)] = opt.flag ? false : opt.default;
  const given = new Set();
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') {
      if (i + 1 < argv.length) return fail(`unexpected argument "${argv[i + 1]}"`);
      break;
    }
    if (!w.startsWith('-') || w === '-') return fail(`unexpected argument "${w}"`);
    const eq = w.indexOf('=');
    const full = eq >= 0 ? w.slice(0, eq) : w;
    const name = full.startsWith('--') ? full.slice(2) : '';
    const opt = name && Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
    if (!opt) return fail(`unknown option ${full}`);
    if (opt.flag) {
      if (eq >= 0) return fail(`${full} takes no value`);
      values[camel(name)] = true;
      continue;
    }
    let text;
    if (eq >= 0) text = w.slice(eq + 1);
    else if (i + 1 < argv.length) text = argv[++i];
    else return fail(`${full} needs a value (${opt.value || 'VALUE'})`);
    const r = convert(name, opt, text);
    if (r.problem) return fail(r.problem);
    values[camel(name)] = r.value;
    given.add(name);
  }
  for (const [name, opt] of Object.entries(spec.options)) {
    if (opt.required && !given.has(name)) return fail(`missing --${name}`);
  }
  return { values };
}

// parse() on this process's arguments; prints and exits unless they are good.
export function parseArgs(spec, argv = process.argv.slice(2)) {
  const r = parse(spec, argv);
  if (r.values) return r.values;
  (r.exit === 0 ? process.stdout : process.stderr).write(r.text);
  process.exit(r.exit);
}

// The options the end-to-end tests share (CMake passes them, see
// tests/CMakeLists.txt), declared once: e2eOptions('server-bin', 'out').
const E2E_OPTIONS = {
  'server-bin': { value: 'FILE', required: true, help: 'zhixing-server to start' },
  'client-bin': { value: 'FILE', required: true, help: 'desktop client zhixing to run' },
  web: { value: 'DIR', required: true, help: 'built web client for the server to serve' },
  seed: { value: 'TSV', required: true, help: 'demo bases to seed the server with' },
  accounts: { value: 'JSON', required: true, help: 'demo accounts to seed the server with' },
  ics: { value: 'FILE', required: true, help: 'iCalendar file to import' },
  out: { value: 'DIR', required: true, help: 'folder for screenshots and metrics' },
};
export function e2eOptions(...names) {
  return Object.fromEntries(names.map((n) => {
    if (!E2E_OPTIONS[n]) throw new Error(`args.mjs: no shared option --${n}`);
    return [n, E2E_OPTIONS[n]];
  }));
}
