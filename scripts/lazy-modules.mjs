// Build step for the bundled CLI: modules that a start does not use are loaded on first use, not at start (issue #20).
// The bundle's modules require them at their top, where loading them cost about 30 ms of every start:
// - zod (about 20 ms with its first schemas): the options are checked without it, and every schema is built on first
//   use (src/core/lazy.ts), so it loads with the first request that validates something;
// - qs (with the side-channel packages it needs): Redis To Go's form bodies, and Express's "extended" query parser,
//   which no app here sets; http-errors, which makes the errors of body-parser, raw-body and Express (a 413, a 415);
// - Node.js's fs/promises (a data dir, the dashboard's files; it brings readline in), zlib (compressed request
//   bodies), v8 and perf_hooks (the heap cap, set once started), and assert (express-basic-auth checks its options
//   with it). Not child_process: Node.js loads it anyway when a server listens.
// Each is replaced by a stand-in with one getter per export of the module, which loads the module when first read:
// bundled code reads a module's exports when it uses them (`(0, import_x.spawn)(...)`, `qs.parse(...)`), so nothing
// else changes. http-errors' stand-in is also a function that calls the real one; assert's passes what it is given to
// the real assert when that would throw.
import { builtinModules, createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

export const LAZY_BUILTINS = ['fs/promises', 'zlib', 'v8', 'perf_hooks', 'assert']
// qs is required by CommonJS code: its stand-in is CommonJS. zod is imported by ES modules, as `{ z }`: its stand-in
// is an ES module whose `z` reads each member of zod's `z` on use. (A CommonJS stand-in would be copied, all its
// getters, into every importing module by esbuild's interop.)
// http-errors makes the errors of body-parser, raw-body and Express (a 413, a 415...): only on such an error.
export const LAZY_PACKAGES = { qs: {}, zod: { namespaces: ['z'] }, 'http-errors': { callable: 'forward' } }

const require = createRequire(import.meta.url)
const NAMESPACE = 'lazy-module'

/** What a stand-in for a module that is a function does when called. */
const CALLS = {
  // createError(...): the module makes the error
  forward: ['module.exports = function (...args) {', '  return load()(...args)', '}'],
  // assert(value[, message]) throws only when there is no value or it is falsy: then the real one throws as it would
  assert: ['module.exports = function assert(...args) {', '  if (args.length === 0 || !args[0]) load()(...args)', '}'],
}

/**
 * The source of a stand-in that requires `specifier` when one of `keys` is first read, or, with `callable` ("forward"
 * or "assert"), when it is called as the module would be.
 */
export function standInSource(specifier, keys, { callable } = {}) {
  return [
    `// ${specifier}, loaded when one of its exports is first read (scripts/lazy-modules.mjs)`,
    'let real',
    `const load = () => (real ??= require(${JSON.stringify(specifier)}))`,
    ...(callable ? CALLS[callable] : []),
    `for (const key of ${JSON.stringify(keys)}) {`,
    '  Object.defineProperty(module.exports, key, { enumerable: true, get: () => load()[key] })',
    '}',
    '',
  ].join('\n')
}

/** The source of an ES module stand-in whose `namespaces` (objects the module exports) read each member on use. */
export function namespaceStandInSource(specifier, members) {
  return [
    `// ${specifier}, loaded when a member of ${Object.keys(members).join(', ')} is first read (scripts/lazy-modules.mjs)`,
    'let real',
    `const load = () => (real ??= require(${JSON.stringify(specifier)}))`,
    ...Object.entries(members).flatMap(([name, keys]) => [
      `export const ${name} = {}`,
      `for (const key of ${JSON.stringify(keys)}) {`,
      `  Object.defineProperty(${name}, key, { enumerable: true, get: () => load().${name}[key] })`,
      '}',
    ]),
    '',
  ].join('\n')
}

/** The stand-in for a Node.js module (`name` without "node:"), with the exports it has on the Node.js that builds. */
export function lazyBuiltinSource(name) {
  if (!builtinModules.includes(name)) throw new Error(`${name} is not a Node.js module`)
  const real = require(`node:${name}`)
  const callable = name === 'assert' ? 'assert' : undefined
  if (typeof real !== 'object' && !callable) throw new Error(`node:${name} exports a ${typeof real}: only an object's exports can be read lazily`)
  return standInSource(`node:${name}`, Object.keys(real), { callable })
}

/** The package file at `path` as the bundle will see it (an ES module's namespace, or module.exports). */
async function loadHere(path) {
  try {
    return require(path)
  } catch (err) {
    if (err.code !== 'ERR_REQUIRE_ESM') throw err
    return import(pathToFileURL(path).href)
  }
}

async function packageStandInSource(path, { namespaces, callable }) {
  const real = await loadHere(path)
  if ((typeof real === 'function') !== Boolean(callable)) throw new Error(`${path} exports a ${typeof real}: say in LAZY_PACKAGES whether it is callable`)
  if (!namespaces) return standInSource(path, Object.keys(real), { callable })
  return namespaceStandInSource(path, Object.fromEntries(namespaces.map((name) => [name, Object.keys(real[name])])))
}

/**
 * The esbuild plugin. `node:x` and `x` of the Node.js modules above, and the packages above, resolve to their
 * stand-ins; a stand-in's own require is the real module (external for Node.js's, bundled for a package: esbuild then
 * runs the package's code only when the stand-in first requires it).
 */
export const lazyModulesPlugin = {
  name: NAMESPACE,
  setup(build) {
    const alternatives = (names) => names.map((n) => n.replace('/', '\\/')).join('|')
    build.onResolve({ filter: new RegExp(`^(node:)?(${alternatives(LAZY_BUILTINS)})$`) }, (args) =>
      args.namespace === NAMESPACE ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: NAMESPACE },
    )
    build.onResolve({ filter: new RegExp(`^(${alternatives(Object.keys(LAZY_PACKAGES))})$`) }, async (args) => {
      if (args.pluginData?.real) return undefined
      // the file this importer would get (an importer's own copy of the package, if it has one)
      const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { real: true } })
      if (real.errors.length) return { errors: real.errors }
      return { path: real.path, namespace: NAMESPACE, pluginData: { package: args.path } }
    })
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) =>
      args.pluginData?.package
        ? { contents: await packageStandInSource(args.path, LAZY_PACKAGES[args.pluginData.package]), loader: 'js', resolveDir: '/' }
        : { contents: lazyBuiltinSource(args.path), loader: 'js' },
    )
  },
}
