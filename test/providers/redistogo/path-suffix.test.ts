// pathSuffix scans the path in place; it must answer as the split-based version it replaced.
import { describe, expect, it } from 'vitest'
import { pathSuffix } from '../../../src/providers/redistogo/format.js'

function reference(path: string): string | undefined {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? ''
  const dot = last.lastIndexOf('.')
  return dot >= 0 ? last.slice(dot + 1) : undefined
}

describe('redistogo pathSuffix', () => {
  it('answers as the reference for every path over a small alphabet up to 6 characters', () => {
    const alphabet = ['/', '.', 'a', 'x']
    let paths = ['']
    for (let length = 1; length <= 6; length++) {
      paths = paths.flatMap((p) => alphabet.map((c) => p + c))
      for (const path of paths) expect([path, pathSuffix(path)]).toEqual([path, reference(path)])
    }
  })

  it.each(['/instances/5.xml', '/instances.json', '/instances/5.xml/', '/instances/5', '/instances//', '/a.b/c', '/a.b/c.', '/', '', '.xml', '/instances/1.json.xml'])(
    '%j',
    (path) => expect(pathSuffix(path)).toBe(reference(path)),
  )
})
