// JDCLOUD2/JDCLOUD3-HMAC-SHA256 request signatures (reference §5): parse the Authorization header, rebuild the canonical
// request from what arrived on the wire, and compute the signature the official SDKs compute.
import { createHmac, hash, timingSafeEqual } from 'node:crypto'
import { unescape as queryUnescape } from 'node:querystring'

export type SignatureVersion = 'JDCLOUD2' | 'JDCLOUD3'

export interface ParsedAuthorization {
  version: SignatureVersion
  accessKey: string
  /** yyyyMMdd from the credential scope. */
  scopeDate: string
  region: string
  service: string
  terminator: string
  signedHeaders: string[]
  signature: string
}

/** What the canonical request is built from: the request exactly as received. */
export interface ReceivedRequest {
  method: string
  /** Path and query as they arrived (req.originalUrl). */
  rawUrl: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

// reference §5 step 1: "<V>-HMAC-SHA256 Credential=AK/date/region/service/term, SignedHeaders=a;b, Signature=hex"
const AUTHORIZATION =
  /^(JDCLOUD[23])-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/(jdcloud[23]_request)\s*,\s*SignedHeaders=([a-z0-9\-_.;]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/

/** The access key named in a Credential, even when the rest of the header is not a valid signature. */
export function credentialAccessKey(authorization: string | undefined): string | undefined {
  return authorization?.match(/Credential=([^/\s,]+)\//)?.[1]
}

export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const m = header?.match(AUTHORIZATION)
  if (!m) return undefined
  const version = m[1] as SignatureVersion
  // step 2: the terminator follows the algorithm (jdcloud2_request with JDCLOUD2, jdcloud3_request with JDCLOUD3).
  if (m[6] !== `${version.toLowerCase()}_request`) return undefined
  return {
    version,
    accessKey: m[2],
    scopeDate: m[3],
    region: m[4],
    service: m[5],
    terminator: m[6],
    signedHeaders: m[7].split(';'),
    signature: m[8],
  }
}

/** Strict RFC 3986 escaping: only A-Z a-z 0-9 - _ . ~ stay as they are (the SDKs' uriEscape). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** A path of unreserved characters and slashes only: decoding and re-escaping leave every segment as it is. */
const PLAIN_PATH = /^[A-Za-z0-9\-_.~/]*$/

/** step 3: every path segment decoded then re-escaped, so ':' and '%3A' both become '%3A'. */
export function canonicalUri(rawPath: string): string {
  if (PLAIN_PATH.test(rawPath)) return rawPath
  return rawPath
    .split('/')
    .map((segment) => rfc3986(decodeSegment(segment)))
    .join('/')
}

/** step 4: items decoded ('+' is a space), re-escaped, sorted by decoded key, then by escaped value. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return ''
  const byKey = new Map<string, string[]>()
  for (const item of rawQuery.split('&')) {
    if (!item) continue
    const eq = item.indexOf('=')
    const key = queryUnescape((eq < 0 ? item : item.slice(0, eq)).replace(/\+/g, ' '))
    const value = eq < 0 ? '' : queryUnescape(item.slice(eq + 1).replace(/\+/g, ' '))
    byKey.set(key, [...(byKey.get(key) ?? []), rfc3986(value)])
  }
  return [...byKey.keys()]
    .sort()
    .flatMap((key) => byKey.get(key)!.sort().map((value) => `${rfc3986(key)}=${value}`))
    .join('&')
}

function headerValue(headers: ReceivedRequest['headers'], name: string): string {
  const value = headers[name]
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '')
  return joined.replace(/\s+/g, ' ').trim()
}

/** step 5: the listed headers as `name:value` lines, whitespace collapsed, with a trailing newline. */
export function canonicalHeaders(signedHeaders: string[], headers: ReceivedRequest['headers']): string {
  return signedHeaders.map((name) => `${name}:${headerValue(headers, name)}\n`).join('')
}

const sha256Hex = (data: string | Buffer) => hash('sha256', data, 'hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest()
/** Most requests (every GET and DELETE) have no body. */
const EMPTY_BODY_SHA256 = sha256Hex('')
const bodyHash = (body: Buffer) => (body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body))

/**
 * step 9's derived signing keys, by version, scope and secret key: the same for every request of one account on one
 * day, so four of the five HMACs per request are computed once. A pure function of its inputs, so nothing here can go
 * stale; the map is only emptied when it grows past a bound (a new day, many keys).
 */
const signingKeys = new Map<string, Buffer>()
const SIGNING_KEY_CACHE_SIZE = 256

function signingKey(auth: Omit<ParsedAuthorization, 'signature' | 'accessKey'>, secretKey: string): Buffer {
  const scopeParts = [auth.version, auth.scopeDate, auth.region, auth.service, auth.terminator]
  // The secret key comes last, and no other part holds the separator, so distinct inputs never share a cache key.
  const cacheable = scopeParts.every((part) => !part.includes('\0'))
  const id = cacheable ? `${scopeParts.join('\0')}\0${secretKey}` : undefined
  const cached = id === undefined ? undefined : signingKeys.get(id)
  if (cached) return cached
  const kDate = hmac(`${auth.version}${secretKey}`, auth.scopeDate)
  const kRegion = hmac(kDate, auth.region)
  const kService = hmac(kRegion, auth.service)
  const kSigning = hmac(kService, auth.terminator)
  if (id !== undefined) {
    if (signingKeys.size >= SIGNING_KEY_CACHE_SIZE) signingKeys.clear()
    signingKeys.set(id, kSigning)
  }
  return kSigning
}

/** step 7 */
export function canonicalRequest(request: ReceivedRequest, signedHeaders: string[]): string {
  const q = request.rawUrl.indexOf('?')
  const rawPath = q < 0 ? request.rawUrl : request.rawUrl.slice(0, q)
  const rawQuery = q < 0 ? '' : request.rawUrl.slice(q + 1)
  return [
    request.method.toUpperCase(),
    canonicalUri(rawPath),
    canonicalQuery(rawQuery),
    canonicalHeaders(signedHeaders, request.headers),
    signedHeaders.join(';'),
    bodyHash(request.body), // step 6: the raw body bytes, never re-serialised JSON
  ].join('\n')
}

/** steps 8-10: the hex signature for this request with this secret key. */
export function computeSignature(auth: Omit<ParsedAuthorization, 'signature' | 'accessKey'>, secretKey: string, jdcloudDate: string, request: ReceivedRequest): string {
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/${auth.terminator}`
  const stringToSign = [`${auth.version}-HMAC-SHA256`, jdcloudDate, scope, sha256Hex(canonicalRequest(request, auth.signedHeaders))].join('\n')
  return createHmac('sha256', signingKey(auth, secretKey)).update(stringToSign, 'utf8').digest('hex')
}

export function signaturesMatch(expectedHex: string, givenHex: string): boolean {
  const a = Buffer.from(expectedHex, 'hex')
  const b = Buffer.from(givenHex, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** x-jdcloud-date `yyyyMMddTHHmmssZ` (UTC) -> epoch ms, or undefined when malformed. */
export function parseJdcloudDate(value: string | undefined): number | undefined {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/)
  if (!m) return undefined
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])
  const check = new Date(ms)
  // Reject calendar overflow such as month 13 or second 61, which Date.UTC would silently roll over.
  if (check.getUTCMonth() !== +m[2] - 1 || check.getUTCDate() !== +m[3] || check.getUTCHours() !== +m[4] || check.getUTCMinutes() !== +m[5]) {
    return undefined
  }
  return ms
}
