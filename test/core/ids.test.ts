import { describe, expect, it } from 'vitest'
import { alphabets, randomString, requestId } from '../../src/core/ids.js'

describe('randomString', () => {
  it('gives the asked length from the alphabet, across many refills of its byte pool', () => {
    const ids = Array.from({ length: 2000 }, () => randomString(24, alphabets.HEX))
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect(requestId()).toMatch(/^[a-z0-9]{32}$/)
  })

  it('uses every character about equally often (rejection sampling, no modulo bias)', () => {
    const counts = new Map<string, number>()
    const text = randomString(36 * 2000, alphabets.LOWER_ALNUM)
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1)
    expect(counts.size).toBe(36)
    // 2000 expected per character; 6 standard deviations (~270) either side
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(270)
  })
})
