// Bundles the CLI (src/main.ts and every dependency it loads at start) into dist/cli.cjs, installs the loader as
// dist/main.cjs, and records a V8 code cache by starting and stopping the CLI once.
// Why: resolving, parsing and compiling a few hundred modules was most of the start-up time (issue #9: start < 250 ms).
// The library entry (dist/index.js) stays tsc's per-file output.
import { spawn, spawnSync } from 'node:child_process'
import { get as httpGet } from 'node:http'
import { get as httpsGet } from 'node:https'
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { lazyModulesPlugin } from './lazy-modules.mjs'
import { mimeTypesTablesPlugin } from './mime-types-tables.mjs'
import { zodEnglishOnlyPlugin } from './zod-locales.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  platform: 'node',
  // CommonJS, because Node.js 20 takes a code cache only for scripts (vm.Script), not for ES modules.
  format: 'cjs',
  target: 'node20',
  // Loaded only when a TLS certificate has to be made; it stays a lazy require from node_modules.
  external: ['selfsigned'],
  // depd without its call-site lookup (see the file: it cost about 5 % of every start); path-to-regexp with its
  // matchers shared between the router's layers of the same path; debug only when DEBUG asks for it (see the files)
  alias: { depd: './scripts/depd-for-bundle.cjs', 'path-to-regexp': './scripts/path-to-regexp-for-bundle.cjs', debug: './scripts/debug-for-bundle.cjs' },
  // mime-types with its tables computed here rather than at each start; modules a start does not use loaded on first
  // use; zod's English messages only (see the files)
  plugins: [mimeTypesTablesPlugin, lazyModulesPlugin, zodEnglishOnlyPlugin],
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
})
// The bundle is written as the function the loader calls (scripts/cli-loader.cjs), so the loader compiles the file's
// text as it is read: no 2.4 MB string built around it at each start (issue #20). src/main.ts's "#!" line would be a
// syntax error inside a function.
const bundle = join(dist, 'cli.cjs')
const body = readFileSync(bundle, 'utf-8').replace(/^#!.*\n/, '')
// The loader reads the file as latin1, a copy of its bytes, which is the same text only while every byte is ASCII
// (esbuild's default charset escapes the rest).
const nonAscii = body.search(/[^\x00-\x7f]/)
if (nonAscii !== -1) throw new Error(`dist/cli.cjs: a character beyond ASCII at ${nonAscii}; the loader reads the bundle as latin1`)
writeFileSync(bundle, `(function (exports, require, module, __filename, __dirname) {${body}\n})`)
const main = join(dist, 'main.cjs')
copyFileSync(join(root, 'scripts', 'cli-loader.cjs'), main)
chmodSync(main, 0o755)
rmSync(join(dist, 'cli.cjs.cache'), { force: true })
// Without a cache the CLI only starts slower, so a machine where the recording fails still gets a working build
// (test/cli.test.ts fails if the cache is not used).
try {
  const dataDir = mkdtempSync(join(tmpdir(), 'rce-code-cache-'))
  try {
    // The first start writes a state file; the recorded one reads it back, so the cache also holds the checks of a
    // loaded state file (most of what a start with a data dir adds: issue #20).
    await startAskAndStop(dataDir, {})
    await startAskAndStop(dataDir, { RCE_CODE_CACHE: 'record' })
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
  const report = spawnSync(process.execPath, [main, '--help'], { env: { ...process.env, RCE_CODE_CACHE: 'report' }, encoding: 'utf-8' })
  if (!report.stderr.includes('code cache: used')) throw new Error(`the recorded code cache is not used: ${report.stderr}`)
} catch (err) {
  rmSync(join(dist, 'cli.cjs.cache'), { force: true })
  console.warn(`bundle-cli: no code cache, the CLI will start without one (${err.message})`)
}

/** Answers once the url has answered (any status); a refused connection answers too. */
function fetchOnce(url) {
  const get = url.startsWith('https:') ? httpsGet : httpGet
  return new Promise((resolve) => {
    const req = get(url, { rejectUnauthorized: false, agent: false }, (res) => res.resume().on('end', resolve))
    req.on('error', resolve)
  })
}

/**
 * Starts the built CLI on random ports with `dataDir`, waits for its banner, asks every listener for its health (so a
 * recorded cache also holds what the first requests compile: issue #20), and stops it.
 */
function startAskAndStop(dataDir, env) {
  const ports = ['redis-enterprise', 'redis-enterprise-http', 'jdcloud', 'kakaocloud', 'redistogo'].flatMap((p) => [`--${p}-port`, '0'])
  const child = spawn(process.execPath, [main, '--data-dir', dataDir, '--fast', ...ports], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  let asked = false
  child.stdout.on('data', async (chunk) => {
    out += chunk
    if (asked || !out.includes('Ctrl-C stops')) return
    asked = true
    const urls = [...out.matchAll(/https?:\/\/127\.0\.0\.1:\d+/g)].map((m) => m[0])
    await Promise.all(urls.map((url) => fetchOnce(`${url}/_emulator/health`)))
    child.kill('SIGTERM')
  })
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000)
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearTimeout(timeout)
      if (code === 0) resolve()
      else reject(new Error(`recording the code cache: the CLI exited ${code}\n${out}`))
    })
  })
}
