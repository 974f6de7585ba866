// The bundled CLI's depd (scripts/depd-for-bundle.cjs): depd's API and notices, without its call-site lookup, which
// made V8 index every line of the 2 MB bundle at each start (issue #20).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAIN } from './helpers/cli.js'

const require = createRequire(import.meta.url)
type Deprecate = ((message: string) => void) & {
  function: <F extends (...args: never[]) => unknown>(fn: F, message?: string) => F
  property: (obj: object, prop: string, message?: string) => void
}
const depd = require('../scripts/depd-for-bundle.cjs') as (namespace: string) => Deprecate

describe('depd for the bundle', () => {
  afterEach(() => vi.restoreAllMocks())

  it('is what the built bundle holds instead of depd (no call-site lookup left in dist/cli.cjs)', () => {
    const bundle = readFileSync(MAIN.replace(/main\.js$/, 'cli.cjs'), 'utf-8')
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
