// Build step for the bundled CLI: Node.js modules that a start does not use are loaded on first use, not at start.
// Why: the bundle's modules require them at their top, and loading them cost about 5 ms of every start (issue #20):
// fs/promises (a data dir, the dashboard's files; it brings readline in), zlib (compressed request bodies), v8 and
// perf_hooks (the heap cap, set once started). Not child_process: Node.js loads it anyway when a server listens.
// assert (express-basic-auth checks its options with it) is loaded when an assertion fails.
// Each is replaced by an object with one getter per export of the module, which loads the module when first read:
// bundled code reads a module's exports when it calls them (`(0, import_x.spawn)(...)`), so nothing else changes.
// assert's stand-in is also a function: it passes what it is given to the real assert when that would throw.
import { builtinModules, createRequire } from 'node:module'

export const LAZY_BUILTINS = ['fs/promises', 'zlib', 'v8', 'perf_hooks', 'assert']

const require = createRequire(import.meta.url)
const NAMESPACE = 'lazy-builtin'

/** The source of the stand-in for `name` (a Node.js module without "node:"), with the exports it has here. */
export function lazyBuiltinSource(name) {
  if (!builtinModules.includes(name)) throw new Error(`${name} is not a Node.js module`)
  const real = require(`node:${name}`)
  if (typeof real !== 'object' && name !== 'assert') throw new Error(`node:${name} exports a ${typeof real}: only an object's exports can be read lazily`)
  return [
    `// node:${name}, loaded when one of its exports is first read (scripts/lazy-builtins.mjs)`,
    'let real',
    `const load = () => (real ??= require('node:${name}'))`,
    // assert(value[, message]) throws only when there is no value or it is falsy: then the real one throws as it would
    ...(name === 'assert' ? ['module.exports = function assert(...args) {', '  if (args.length === 0 || !args[0]) load()(...args)', '}'] : []),
    `for (const key of ${JSON.stringify(Object.keys(real))}) {`,
    '  Object.defineProperty(module.exports, key, { enumerable: true, get: () => load()[key] })',
    '}',
    '',
  ].join('\n')
}

/** The esbuild plugin: `node:x` and `x` of the modules above resolve to their stand-ins, which require the real one. */
export const lazyBuiltinsPlugin = {
  name: NAMESPACE,
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.map((n) => n.replace('/', '\\/')).join('|')})$`)
    build.onResolve({ filter }, (args) =>
      args.namespace === NAMESPACE ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: NAMESPACE },
    )
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: lazyBuiltinSource(args.path), loader: 'js' }))
  },
}
