// The remembered Content-Type check (content-type.ts) answers what req.is('application/json') answers, cold and warm.
import express, { type Request } from 'express'
import { describe, expect, it } from 'vitest'
import { hasJsonContentType } from '../../../src/providers/redis-enterprise/content-type.js'

/** A request with a body (content-length) and these headers, on Express's own request prototype. */
function requestWith(contentType: string | undefined): Request {
  const headers: Record<string, string> = { 'content-length': '2' }
  if (contentType !== undefined) headers['content-type'] = contentType
  return Object.setPrototypeOf({ headers }, express.request) as Request
}

const HEADERS = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json ; charset=UTF-8',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'application/jsonx',
  'json',
  '',
  ';',
  'application/json; charset',
  'application/*',
  '*/*',
  undefined,
]

describe('hasJsonContentType', () => {
  it('answers what req.is("application/json") answers, the first time and when remembered', () => {
    for (let round = 0; round < 3; round++) {
      for (const header of HEADERS) {
        const expected = Boolean(requestWith(header).is('application/json'))
        expect([header, hasJsonContentType(requestWith(header))]).toEqual([header, expected])
      }
    }
    // both answers occur, so the comparison above cannot pass by a constant
    expect(HEADERS.map((h) => hasJsonContentType(requestWith(h)))).toContain(true)
    expect(HEADERS.map((h) => hasJsonContentType(requestWith(h)))).toContain(false)
  })

  it('stays bounded and correct past the number of headers it remembers', () => {
    for (let i = 0; i < 200; i++) {
      const header = i % 2 ? `application/json; x=${i}` : `text/plain; x=${i}`
      expect(hasJsonContentType(requestWith(header))).toBe(i % 2 === 1)
      expect(hasJsonContentType(requestWith(header))).toBe(i % 2 === 1)
    }
  })
})
