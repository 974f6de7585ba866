// The JSON body of a KakaoCloud call, or a 400 that says what is wrong with it: missing, not sent as JSON, not JSON.
import type { Request } from 'express'
import { bodyError } from './errors.js'

/** Whether the request carries body bytes at all (an explicit zero length does not count). */
function hasBodyBytes(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true
  const length = req.headers['content-length']
  return length !== undefined && length !== '0'
}

/**
 * The parsed body. The shared JSON parser only reads application/json (and +json) bodies, so an unread body means
 * another content type: curl's -d without -H sends application/x-www-form-urlencoded, which the docs' own examples do.
 * Nothing shows the real service accepts that, so it stays refused, with a message naming the content type.
 */
export function jsonBody(req: Request): unknown {
  // An empty body is missing too, even with a JSON type (the parser would hand over {} and blame the fields).
  if (!hasBodyBytes(req)) throw bodyError('missing')
  if (req.body !== undefined) return req.body
  throw bodyError('not_json_type', req.get('content-type'))
}
