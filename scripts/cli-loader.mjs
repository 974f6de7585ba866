#!/usr/bin/env node
// The redis-cloud-emulator command as built (dist/main.js): runs the bundled CLI (dist/cli.cjs) with the V8 code cache
// the build recorded (dist/cli.cjs.cache), so a start skips parsing and compiling most of the bundle (issue #9).
// Without the cache, or when this Node.js rejects it, the bundle is simply compiled.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { Script } from 'node:vm'

// V8's young generation stays at the size it has (it may still shrink) instead of doubling up to 2 x 16 MB when
// objects survive: this process serves many short requests, whose garbage dies young at any size, and large answers
// it streams in 64 KiB chunks. Measured (README "Performance", memory): RSS after the benchmark's large-answer loads
// 25 to 45 MB lower, and no measurable CPU cost per create or per list read. V8 reads this flag each time it would
// grow the young generation, so setting it here, once V8 is running, takes effect. Its price is paid at start: the
// start's own objects go through 14 young collections instead of 6 (about 90 M instructions, some 25 ms; issue #20).
// Set after the start instead, the young generation keeps what the start grew it to, and the RSS after 400 reads of the
// 8.6 MB list was 174 MB against 115 MB (same quiet machine, one run each): the memory figure wins here.
setFlagsFromString('--semi-space-growth-factor=1')

const bundle = fileURLToPath(new URL('./cli.cjs', import.meta.url))
const cacheFile = `${bundle}.cache`

function readCache() {
  try {
    return readFileSync(cacheFile)
  } catch {
    return undefined
  }
}

const source = readFileSync(bundle, 'utf-8')
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData: readCache() })

// The build starts the CLI once with "record" and stops it: the cache then holds what a start and a stop compile.
// "report" says on stderr whether this start used the cache (the build and a test check it).
const mode = process.env.RCE_CODE_CACHE
if (mode === 'record') process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()))
if (mode === 'report') console.error(`code cache: ${script.cachedDataRejected === false ? 'used' : 'not used'}`)

const module = { exports: {} }
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle))
