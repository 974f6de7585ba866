// Fault-rule globs (issue #17 item 3): the same answers as the old regex translation, in time linear in the path.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Glob } from '../../src/control/glob.js'

/** The previous translation (`*` -> [^/]*, `**` -> .*): correct, but exponential on runs of wildcards. */
function reference(glob: string): RegExp {
  const source = glob
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`)
}

describe('Glob', () => {
  it.each([
    ['/v1/bdbs', '/v1/bdbs', true],
    ['/v1/*', '/v1/bdbs', true],
    ['/v1/*', '/v1/bdbs/1', false],
    ['/v1/**', '/v1/bdbs/1', true],
    ['**', '/anything/at/all', true],
    ['/v1/bdbs/*/actions', '/v1/bdbs/3/actions', true],
    ['/a*b*c', '/aXbY/c', false],
    ['**/x', '/a/b/x', true],
    ['/instances.json', '/instancesXjson', false],
  ])('%s on %s: %s', (glob, path, expected) => {
    expect(new Glob(glob).test(path)).toBe(expected)
  })

  it('answers as the regex translation on generated globs and paths (property, short inputs, also past 32 positions)', () => {
    const char = fc.constantFrom('/', 'a', 'b', '*', '.')
    fc.assert(
      fc.property(fc.array(char, { maxLength: 70 }), fc.array(fc.constantFrom('/', 'a', 'b', '.'), { maxLength: 40 }), (g, p) => {
        const glob = g.join('')
        const path = p.join('')
        expect(new Glob(glob).test(path), `${glob} on ${path}`).toBe(reference(glob).test(path))
      }),
      { numRuns: 2000, seed: 17 },
    )
  })

  it('matches the issue\'s pattern and a 512-character pattern of wildcards against a 16 KB path in well under 100 ms', () => {
    const started = performance.now()
    expect(new Glob('/********************X').test(`/${'a'.repeat(60)}`)).toBe(false)
    const worst = new Glob('/*'.repeat(256))
    expect(worst.test('/a'.repeat(8_000))).toBe(false)
    expect(worst.test('/a'.repeat(256))).toBe(true)
    expect(performance.now() - started).toBeLessThan(100)
  })
})
