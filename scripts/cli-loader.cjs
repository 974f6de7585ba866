#!/usr/bin/env node
// The redis-cloud-emulator command as built (dist/main.cjs): runs the bundled CLI (dist/cli.cjs) with the V8 code cache
// the build recorded (dist/cli.cjs.cache), so a start skips parsing and compiling most of the bundle (issue #9).
// Without the cache, or when this Node.js rejects it, the bundle is simply compiled.
// CommonJS, as the bundle: an ES module entry brings up Node.js's ES module loader, about 20 M instructions of every
// start (issue #20).
'use strict'
const { readFileSync, writeFileSync } = require('node:fs')
const { createRequire } = require('node:module')
const { join } = require('node:path')
const { Script } = require('node:vm')

const bundle = join(__dirname, 'cli.cjs')
const cacheFile = `${bundle}.cache`

function readCache() {
  try {
    return readFileSync(cacheFile)
  } catch {
    return undefined
  }
}

// The build wrote the bundle as one function expression, in ASCII. Read as latin1, its text becomes a string outside
// the JS heap in one copy, where UTF-8 decoding took about 10 ms of each start (issue #20).
const script = new Script(readFileSync(bundle, 'latin1'), { filename: bundle, cachedData: readCache() })

// The build starts the CLI once with "record" and stops it: the cache then holds what a start and a stop compile.
// "report" says on stderr whether this start used the cache (the build and a test check it).
const mode = process.env.RCE_CODE_CACHE
if (mode === 'record') process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()))
if (mode === 'report') console.error(`code cache: ${script.cachedDataRejected === false ? 'used' : 'not used'}`)

const bundleModule = { exports: {} }
script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, __dirname)
