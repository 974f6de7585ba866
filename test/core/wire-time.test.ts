// isoSecondsUtc keeps its last answer and cuts the milliseconds with slice (issue #20): the same text as the regular
// expression it replaced, for any instant, asked in any order; Redis Enterprise's and JDCloud's wireTime are it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isoSecondsUtc } from '../../src/core/wire-time.js'
import { wireTime as jdcloudWireTime } from '../../src/providers/jdcloud/model.js'
import { wireTime as redisEnterpriseWireTime } from '../../src/providers/redis-enterprise/model.js'

const before = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
// the instants Date takes: years 0 to 9999 and the six-digit years beyond
const instant = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), fc.constantFrom(0, -0, 1, 999, 1000, -1, 8.64e15, -8.64e15))

describe('isoSecondsUtc', () => {
  it('answers what new Date(ms).toISOString() without its milliseconds answered, repeated or not (property)', () => {
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 6 }), (list) => {
        for (const ms of [...list, ...list.slice().reverse(), list[0], list[0]]) expect(isoSecondsUtc(ms)).toBe(before(ms))
      }),
    )
  })

  it('throws as before for an instant Date cannot hold, and then still answers', () => {
    for (const ms of [Number.NaN, 8.64e15 + 1, Infinity]) expect(() => isoSecondsUtc(ms)).toThrow(RangeError)
    expect(isoSecondsUtc(1_700_000_000_123)).toBe('2023-11-14T22:13:20Z')
  })

  it("is each provider's wire time (reference redis-enterprise §2.1, jdcloud §3)", () => {
    for (const ms of [0, 1_700_000_000_123, 1_700_000_000_999, -1]) {
      expect(redisEnterpriseWireTime(ms)).toBe(before(ms))
      expect(jdcloudWireTime(ms)).toBe(before(ms))
    }
  })
})
