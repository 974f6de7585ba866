// The bundled CLI loads modules a start does not use on first use (scripts/lazy-modules.mjs, issue #20): zod, qs,
// http-errors and five Node.js modules. The stand-ins answer as the modules do; the built CLI has loaded neither zod
// nor those Node.js modules when it prints its banner, and loads zod when a request needs it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LAZY_BUILTINS, lazyBuiltinSource, namespaceStandInSource, standInSource } from '../scripts/lazy-modules.mjs'
import { send } from './helpers/http.js'
import { exitOf, RANDOM_PORTS, startCli } from './helpers/cli.js'

const require = createRequire(import.meta.url)

/** Runs a stand-in's source with `load` as its require; answers its exports and the specifiers it required. */
function runStandIn(source: string, load: (specifier: string) => unknown): { exports: Record<string, unknown>; required: string[] } {
  const required: string[] = []
  const module = { exports: {} as Record<string, unknown> }
  new Function('exports', 'require', 'module', source)(module.exports, (specifier: string) => (required.push(specifier), load(specifier)), module)
  return { exports: module.exports, required }
}

describe('a lazy module stand-in', () => {
  it('requires the module only when an export is first read, once, and reads the module\'s own values', () => {
    const real = { parse: () => 'parsed', formats: { RFC1738: 'x' } }
    const { exports, required } = runStandIn(standInSource('qs', Object.keys(real)), () => real)
    expect(required).toEqual([])
    expect(Object.keys(exports)).toEqual(['parse', 'formats'])
    expect(exports.parse).toBe(real.parse)
    expect(exports.formats).toBe(real.formats)
    expect((exports.parse as () => string)()).toBe('parsed')
    expect(required).toEqual(['qs'])
  })

  it('of an ES module (zod) exports objects whose members are read from the module on use', () => {
    const real = { z: { object: () => 'an object schema', string: () => 'a string schema' } }
    const source = namespaceStandInSource('zod', { z: Object.keys(real.z) })
    expect(source).toMatch(/^export const z = \{\}$/m)
    // run as a script: its one export becomes a property of `out`
    const out: Record<string, Record<string, () => string>> = {}
    const required: string[] = []
    new Function('require', 'out', source.replace(/^export const (\w+) = /m, 'const $1 = out.$1 = '))((specifier: string) => (required.push(specifier), real), out)
    expect(required).toEqual([])
    expect(Object.keys(out.z)).toEqual(['object', 'string'])
    expect(out.z.object()).toBe('an object schema')
    expect(out.z.string).toBe(real.z.string)
    expect(required).toEqual(['zod'])
  })

  it.each(LAZY_BUILTINS as string[])('stands in for node:%s with every export it has', (name: string) => {
    const real = require(`node:${name}`) as Record<string, unknown>
    const { exports, required } = runStandIn(lazyBuiltinSource(name), (specifier) => require(specifier))
    expect(required).toEqual([])
    expect(Object.keys(exports).sort()).toEqual(Object.keys(real).sort())
    for (const key of Object.keys(real)) expect(exports[key]).toBe(real[key])
    expect(required).toEqual([`node:${name}`])
  })

  it('passes what assert would accept without loading it, and throws the real AssertionError otherwise', () => {
    const { exports, required } = runStandIn(lazyBuiltinSource('assert'), (specifier) => require(specifier))
    const assert = exports as unknown as (...args: unknown[]) => void
    assert(true, 'fine')
    assert({}, 'an object')
    expect(required).toEqual([])
    const realError = (...args: unknown[]) => {
      try {
        ;(require('node:assert') as (...a: unknown[]) => void)(...args)
      } catch (err) {
        return err as { name: string; message: string; code: string }
      }
      throw new Error('no throw')
    }
    // with a message, as express-basic-auth calls it (without one, Node.js words the message from the caller's source)
    for (const args of [[false, 'Expected an object for the basic auth users'], [0, 'zero'], [undefined, 'x'], [null, new Error('own')], []]) {
      let thrown: { name: string; message: string; code: string } | undefined
      try {
        assert(...args)
      } catch (err) {
        thrown = err as typeof thrown
      }
      const expected = realError(...args)
      expect({ name: thrown?.name, message: thrown?.message, code: thrown?.code }).toEqual({ name: expected.name, message: expected.message, code: expected.code })
    }
    expect(() => assert(false)).toThrow(expect.objectContaining({ name: 'AssertionError', code: 'ERR_ASSERTION' }))
    expect(required).toEqual(['node:assert'])
  })

  it('refuses a name that is no Node.js module', () => {
    expect(() => lazyBuiltinSource('no-such-module')).toThrow(/not a Node.js module/)
  })
})

describe('the built CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rce-lazy-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  // Written by the CLI at its banner and again on SIGTERM: which Node.js modules it had loaded, and whether zod had
  // run (zod sets globalThis.__zod_globalConfig when it loads).
  const preload = join(dir, 'report.cjs')
  writeFileSync(
    preload,
    `const { writeFileSync } = require('node:fs')
const report = (file) => writeFileSync(file, JSON.stringify({ modules: process.moduleLoadList, zod: globalThis.__zod_globalConfig !== undefined }))
const write = process.stdout.write.bind(process.stdout)
let first = true
process.stdout.write = (...args) => { if (first) { first = false; report(process.env.REPORT_AT_BANNER) } return write(...args) }
process.prependListener('SIGTERM', () => report(process.env.REPORT_AT_STOP))
`,
  )

  it('has loaded none of them at its banner, and loads zod when a request needs it', async () => {
    const atBanner = join(dir, 'banner.json')
    const atStop = join(dir, 'stop.json')
    const { child, banner: text } = await startCli(['--in-memory', '--fast', ...RANDOM_PORTS], {
      NODE_OPTIONS: `--require ${preload}`,
      REPORT_AT_BANNER: atBanner,
      REPORT_AT_STOP: atStop,
    })
    const exit = exitOf(child)
    try {
      const atStart = JSON.parse(readFileSync(atBanner, 'utf-8')) as { modules: string[]; zod: boolean }
      expect(atStart.zod).toBe(false)
      // readline comes with fs/promises, tty with debug (scripts/debug-for-bundle.cjs)
      for (const name of [...LAZY_BUILTINS, 'readline', 'tty']) expect(atStart.modules).not.toContain(`NativeModule ${name}`)
      // a Redis To Go create sent as a form: qs parses it, zod checks it
      const redistogo = text.match(/\(redistogo\): (\S+)/)![1]
      const res = await send('POST', `${redistogo}/instances.json`, 'instance[plan]=nano', {
        authorization: `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      })
      expect(res.status).toBe(201)
    } finally {
      child.kill('SIGTERM')
      await exit
    }
    const stop = JSON.parse(readFileSync(atStop, 'utf-8')) as { modules: string[]; zod: boolean }
    expect(stop.zod).toBe(true)
  })
})
