// Bundles the CLI (src/main.ts and every dependency it loads at start) into dist/main.js, over tsc's output.
// Why: resolving and compiling a few hundred small modules was most of the start-up time (issue #9: start < 250 ms).
// The library entry (dist/index.js) stays tsc's per-file output.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Loaded only when a TLS certificate has to be made; it stays a lazy import from node_modules.
  external: ['selfsigned'],
  // CommonJS dependencies (Express and its middleware) call require() for Node built-ins.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
})
