// What the bundled CLI loads in place of five dependencies' start-up work (issue #20), answering as they do:
// depd without its call-site lookup (scripts/depd-for-bundle.cjs), which made V8 index every line of the 2 MB bundle
// at each start; mime-types with the tables it would compute at start computed at build time, and the charsets it
// reads from mime-db (scripts/mime-types-tables.mjs); path-to-regexp with one matcher per path and options, shared by
// the router's layers (scripts/path-to-regexp-for-bundle.cjs); debug only when DEBUG names what to log
// (scripts/debug-for-bundle.cjs); zod with its English messages only (scripts/zod-locales.mjs).
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mimeTypesWithTables } from '../scripts/mime-types-tables.mjs'
import { MAIN, RANDOM_PORTS } from './helpers/cli.js'

const require = createRequire(import.meta.url)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
type Deprecate = ((message: string) => void) & {
  function: <F extends (...args: never[]) => unknown>(fn: F, message?: string) => F
  property: (obj: object, prop: string, message?: string) => void
}
const depd = require('../scripts/depd-for-bundle.cjs') as (namespace: string) => Deprecate

describe('depd for the bundle', () => {
  afterEach(() => vi.restoreAllMocks())

  it('is what the built bundle holds instead of depd (no call-site lookup left in dist/cli.cjs)', () => {
    const bundle = readFileSync(MAIN.replace(/main\.cjs$/, 'cli.cjs'), 'utf-8')
    // depd's own code reads the call site of its caller (callSiteLocation); the replacement never does
    expect(bundle).not.toContain('callSiteLocation')
    expect(bundle).toContain('deprecated ${')
  })

  it('emits one DeprecationWarning per message, named by the namespace', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const deprecate = depd('express')
    deprecate('res.foo: use res.bar')
    deprecate('res.foo: use res.bar')
    deprecate('another')
    expect(emit.mock.calls).toEqual([
      ['express deprecated res.foo: use res.bar', 'DeprecationWarning'],
      ['express deprecated another', 'DeprecationWarning'],
    ])
  })

  it('wraps a function and a property as depd does, warning on use', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const deprecate = depd('router')
    const double = deprecate.function((n: number) => n * 2, 'double()')
    expect(double(21)).toBe(42)
    const target = { size: 1 }
    deprecate.property(target, 'size', 'size is deprecated')
    expect(target.size).toBe(1)
    target.size = 3
    expect(target.size).toBe(3)
    expect(emit.mock.calls.map((c) => c[0])).toEqual(['router deprecated double()', 'router deprecated size is deprecated'])
    expect(() => depd('')).toThrow(TypeError)
  })
})

describe('mime-types with build-time tables', () => {
  // Express's own copy: the one the bundle takes
  const path = createRequire(require.resolve('express')).resolve('mime-types')
  type MimeTypes = {
    types: Record<string, string>
    extensions: Record<string, string[]>
    _extensionConflicts: string[][]
    lookup(path: string): string | false
    contentType(type: string): string | false
    extension(type: string): string | false
    charset(type: string): string | false
  }
  const real = createRequire(path)(path) as MimeTypes
  const patched = ((): MimeTypes => {
    const module = { exports: {} as MimeTypes }
    new Function('exports', 'require', 'module', '__filename', '__dirname', mimeTypesWithTables(path))(module.exports, createRequire(path), module, path, dirname(path))
    return module.exports
  })()

  it('holds the very tables mime-types computes, and answers every lookup alike', () => {
    expect(patched.types).toEqual(real.types)
    expect(patched.extensions).toEqual(real.extensions)
    expect(patched._extensionConflicts).toEqual(real._extensionConflicts)
    expect(Object.keys(real.types).length).toBeGreaterThan(1000)
    for (const ext of Object.keys(real.types)) expect(patched.lookup(`file.${ext}`)).toBe(real.lookup(`file.${ext}`))
    for (const type of Object.keys(real.extensions)) {
      expect(patched.extension(type)).toBe(real.extension(type))
      expect(patched.contentType(type)).toBe(real.contentType(type))
    }
    for (const short of ['json', 'xml', 'html', 'text', 'txt', 'js', 'css', 'svg']) expect(patched.contentType(short)).toBe(real.contentType(short))
  })

  it('answers every charset as mime-db does, without mime-db', () => {
    const db = createRequire(path)('mime-db') as Record<string, unknown>
    for (const type of [...Object.keys(db), 'text/x-unknown', 'TEXT/HTML; q=1', 'application/json; charset=latin1', '', 'nonsense']) {
      expect(patched.charset(type), type).toBe(real.charset(type))
      expect(patched.contentType(type), type).toBe(real.contentType(type))
    }
  })

  it('fills its tables when they are first read, from the build-time copy', () => {
    const module = { exports: {} as MimeTypes }
    const parse = vi.spyOn(JSON, 'parse')
    new Function('exports', 'require', 'module', '__filename', '__dirname', mimeTypesWithTables(path))(module.exports, createRequire(path), module, path, dirname(path))
    expect(module.exports.contentType('application/json')).toBe('application/json; charset=utf-8')
    expect(parse).not.toHaveBeenCalled()
    expect(module.exports.lookup('a.json')).toBe('application/json')
    expect(parse).toHaveBeenCalledTimes(1)
    expect(module.exports.extension('text/html')).toBe('html')
    expect(Object.keys(module.exports.types).length).toBe(Object.keys(real.types).length)
    expect(parse).toHaveBeenCalledTimes(1)
  })

  it('is what the built bundle holds (no ranking of extensions at start, no mime-db)', () => {
    const bundle = readFileSync(MAIN.replace(/main\.cjs$/, 'cli.cjs'), 'utf-8')
    expect(bundle).not.toMatch(/populateMaps\(exports\d*\.extensions/)
    expect(bundle).toContain('emptyTables')
    // a type of mime-db's with neither extensions nor a charset
    expect(bundle).not.toContain('application/1d-interleaved-parityfec')
  })

  it('refuses a mime-types that no longer fills its tables the way the build step expects', () => {
    expect(() => mimeTypesWithTables(require.resolve('depd'))).toThrow(/populateMaps/)
  })
})

describe('debug for the bundle', () => {
  type Debug = ((...args: unknown[]) => void) & { namespace: string; enabled: boolean; extend: (name: string, delimiter?: string) => Debug }
  const script = require.resolve('../scripts/debug-for-bundle.cjs')

  it('without DEBUG: loggers that write nothing, named as debug names them', () => {
    const write = vi.spyOn(process.stderr, 'write')
    const saved = process.env.DEBUG
    delete process.env.DEBUG
    delete require.cache[script]
    try {
      const debug = (require(script) as (namespace: string) => Debug)('router')
      debug('use %o %s', '/', 'handler')
      expect(debug.enabled).toBe(false)
      expect(debug.namespace).toBe('router')
      expect(debug.extend('layer').namespace).toBe('router:layer')
      expect(debug.extend('x', '/').namespace).toBe('router/x')
      expect(write).not.toHaveBeenCalled()
    } finally {
      delete require.cache[script]
      if (saved !== undefined) process.env.DEBUG = saved
    }
  })

  it('with DEBUG set: debug itself, and the built CLI writes the lines DEBUG names', async () => {
    const saved = process.env.DEBUG
    process.env.DEBUG = 'router'
    delete require.cache[script]
    try {
      expect(require(script)).toBe(require('debug'))
    } finally {
      delete require.cache[script]
      if (saved === undefined) delete process.env.DEBUG
      else process.env.DEBUG = saved
    }
    const child = spawn(process.execPath, [MAIN, '--in-memory', ...RANDOM_PORTS], { env: { ...process.env, DEBUG: 'router' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        if (stdout.includes('Ctrl-C stops')) resolve()
      }),
    )
    const exit = new Promise((resolve) => child.on('exit', resolve))
    child.kill('SIGTERM')
    await exit
    expect(stderr).toMatch(/router use '\/' /)
  })
})

describe('zod for the bundle', () => {
  it('holds English messages only, and nothing in src reads another language', () => {
    const bundle = readFileSync(MAIN.replace(/main\.cjs$/, 'cli.cjs'), 'utf-8')
    // a word of zod's French and German messages
    expect(bundle).toContain('Invalid input')
    expect(bundle).not.toContain('Entr\\xE9e invalide')
    expect(bundle).not.toContain('Ung\\xFCltige Eingabe')
    const sources = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.ts'))
    expect(sources.length).toBeGreaterThan(100)
    for (const file of sources) expect(readFileSync(join(file.parentPath, file.name), 'utf-8'), file.name).not.toMatch(/\blocales\b/)
  })
})

type Matcher = (path: string) => false | { path: string; params: Record<string, unknown> }
const realPathToRegexp = require('path-to-regexp') as { match: (path: string, options?: object) => Matcher }
const sharedPathToRegexp = require('../scripts/path-to-regexp-for-bundle.cjs') as typeof realPathToRegexp & Record<string, unknown>

describe('path-to-regexp for the bundle', () => {
  const decode = (value: string) => decodeURIComponent(value)

  it('is what the built bundle holds instead of path-to-regexp itself', () => {
    const bundle = readFileSync(MAIN.replace(/main\.cjs$/, 'cli.cjs'), 'utf-8')
    expect(bundle).toContain('WITHOUT_DECODE')
  })

  it('keeps the package\'s other exports', () => {
    expect(Object.keys(sharedPathToRegexp).sort()).toEqual(Object.keys(realPathToRegexp).sort())
  })

  it('gives layers of the same path and options one matcher, and others their own', () => {
    const options = { sensitive: undefined, end: true, trailing: true, decode }
    const first = sharedPathToRegexp.match('/v1/bdbs/:uid', options)
    expect(sharedPathToRegexp.match('/v1/bdbs/:uid', { ...options })).toBe(first)
    expect(sharedPathToRegexp.match('/v1/bdbs/:uid', { ...options, end: false })).not.toBe(first)
    expect(sharedPathToRegexp.match('/v1/bdbs/:uid', { ...options, sensitive: true })).not.toBe(first)
    expect(sharedPathToRegexp.match('/v1/bdbs/:uid', { ...options, decode: (v: string) => v })).not.toBe(first)
    expect(sharedPathToRegexp.match('/v1/users/:uid', options)).not.toBe(first)
  })

  it.each([
    ['/', { end: false, trailing: true }, ['/', '/v1/bdbs', '']],
    ['/v1/bdbs/:uid', { end: true, trailing: true }, ['/v1/bdbs/7', '/v1/bdbs/7/', '/V1/BDBS/7', '/v1/bdbs/a%20b', '/v1/bdbs', '/v1/bdbs/7/x']],
    ['/v1/bdbs/:uid', { sensitive: true, end: true, trailing: true }, ['/v1/bdbs/7', '/V1/BDBS/7']],
    ['/instances/:id.:format', { end: true, trailing: true }, ['/instances/12.json', '/instances/12', '/instances/12.xml/']],
    ['/files/*rest', { end: true, trailing: true }, ['/files/a/b/c', '/files/']],
  ])('matches %s with %o as the package does, on every call (no state kept between calls)', (path, options, inputs) => {
    const shared = sharedPathToRegexp.match(path, { ...options, decode })
    const real = realPathToRegexp.match(path, { ...options, decode })
    for (let round = 0; round < 2; round++) for (const input of inputs) expect(shared(input)).toEqual(real(input))
  })
})
