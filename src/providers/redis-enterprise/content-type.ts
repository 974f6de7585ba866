// Whether a request's Content-Type is JSON (reference §1), remembered per header value: type-is parses the header on
// every call, about 10 us of each create (issue #20), and a client sends the same header on every request.
import type { Request } from 'express'

/** Header value -> what `req.is('application/json')` said of it; bounded, so odd headers cannot grow it. */
const answers = new Map<string, boolean>()
const MAX_REMEMBERED = 64

/**
 * What `Boolean(req.is('application/json'))` answers, for a request that has a body (with none, type-is answers null
 * whatever the header). For such a request type-is reads nothing but the Content-Type header.
 */
export function hasJsonContentType(req: Request): boolean {
  const header = req.headers['content-type']
  if (typeof header !== 'string') return Boolean(req.is('application/json'))
  const known = answers.get(header)
  if (known !== undefined) return known
  const answer = Boolean(req.is('application/json'))
  if (answers.size < MAX_REMEMBERED) answers.set(header, answer)
  return answer
}
