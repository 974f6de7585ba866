// Request journal: a bounded, newest-first record of provider requests and responses, with credentials redacted.
import type { Request, RequestHandler, Response, Router } from 'express'
import { createHash } from 'node:crypto'
import { parse as parseQueryString } from 'node:querystring'
import { z } from 'zod'
import { lazy } from '../core/lazy.js'
import { ControlError, type ControlPlane } from './routes.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

export interface JournalEntry {
  id: number
  provider: string
  time: string
  method: string
  path: string
  query: Record<string, unknown>
  headers: Record<string, string>
  body: unknown
  /** Present when the request body was longer than the per-entry limit: only its first `keptBytes` were kept. */
  bodyCut?: BodyCut
  status: number
  responseHeaders: Record<string, string>
  responseBody: unknown
  /** Present when the response body was longer than the per-entry limit. */
  responseBodyCut?: BodyCut
  durationMs: number
  injectedFault?: number
}

export interface BodyCut {
  keptBytes: number
  totalBytes: number
}

export interface JournalLimits {
  /** Most entries kept (oldest dropped first). */
  capacity: number
  /** Most bytes of each request body and each response body kept; the rest is cut (and marked). */
  maxBodyBytes: number
  /** Most bytes all entries together retain (oldest dropped first). */
  maxBytes: number
}

export const DEFAULT_JOURNAL_MAX_BODY_BYTES = 64 * 1024
export const DEFAULT_JOURNAL_MAX_BYTES = 32 * 1024 * 1024

const REQUEST_HEADERS = [
  'accept',
  'content-type',
  'content-length',
  'user-agent',
  'host',
  'authorization',
  'x-api-version',
  'x-auth-token',
  'x-subject-token',
  'x-jdcloud-date',
  'x-jdcloud-nonce',
  'x-jdcloud-content-sha256',
  'x-jdcloud-security-token',
  'cluster-state-id',
]
const RESPONSE_HEADERS = ['content-type', 'location', 'www-authenticate', 'x-jdcloud-request-id', 'x-subject-token']
const SECRET_HEADERS = new Set(['x-auth-token', 'x-subject-token', 'x-jdcloud-security-token'])
// Field names that carry secrets in the providers' bodies: password, authentication_admin_pass, secret, ...
const SECRET_FIELD = /(pass(word)?$|passwd|secret|token)/i
// Text forms of the same fields, for bodies that are not (or no longer, once cut) parseable JSON: JSON members, XML
// elements and form fields. Names are matched with bounded repetitions and tested in a function, so a hostile body
// cannot make reading the journal backtrack.
const JSON_MEMBER = /("([^"\\]{1,128})"\s*:\s*)"((?:[^"\\]|\\.)*)("?)/g
const XML_ELEMENT = /<([\w-]{1,128})(\s[^<>]*)?>([^<]*)<\/\1>/g
const FORM_FIELD = /((?:^|&)([^=&]{1,256})=)([^&]*)/g
// Credentials inside URLs: redis://user:password@host (Redis To Go's `url`), in any body
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/@"'<>?#]{0,512})@/gi
const SECRET_NAME = /pass(word)?|passwd|secret|token/i
/** What an entry costs besides its bodies (ids, path, headers): an estimate, counted against the byte budget. */
const ENTRY_OVERHEAD_BYTES = 512
/** Node's shared buffer pool slab: a Buffer viewing a larger ArrayBuffer retains all of it. */
const POOL_SLAB_BYTES = 8 * 1024
export const REDACTED = '[redacted]'

function redactHeader(name: string, value: string): string {
  if (SECRET_HEADERS.has(name)) return REDACTED
  // Keep the scheme (Basic, JDCLOUD2-HMAC-SHA256, Bearer) so a reader can tell which auth was tried.
  if (name === 'authorization') return `${value.split(/\s+/)[0]} ${REDACTED}`
  return value
}

/** redis://user:password@host -> redis://user:[redacted]@host (a bare userinfo is all credential). */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('://')) return text
  return text.replace(URL_USERINFO, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':')
    return `${scheme}${colon < 0 ? REDACTED : `${userinfo.slice(0, colon)}:${REDACTED}`}@`
  })
}

/** A redacted copy of a parsed body; iterative, so a body of any depth costs no stack. */
export function redactBody(value: unknown): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value)
  if (value === null || typeof value !== 'object') return value
  const root: { v: unknown } = { v: undefined }
  const stack: [source: unknown, target: Record<string, unknown>, key: string][] = [[value, root as Record<string, unknown>, 'v']]
  while (stack.length) {
    const [source, target, key] = stack.pop()!
    if (typeof source === 'string') target[key] = redactUrlCredentials(source)
    else if (source === null || typeof source !== 'object') target[key] = source
    else if (Array.isArray(source)) {
      const copy: unknown[] = new Array(source.length)
      target[key] = copy
      for (let i = 0; i < source.length; i++) stack.push([source[i], copy as unknown as Record<string, unknown>, String(i)])
    } else {
      const copy: Record<string, unknown> = {}
      target[key] = copy
      for (const [k, v] of Object.entries(source)) {
        if (SECRET_FIELD.test(k) && (typeof v === 'string' || typeof v === 'number')) Object.defineProperty(copy, k, { value: REDACTED, enumerable: true, writable: true, configurable: true })
        else {
          // defineProperty: a "__proto__" key stays a plain member of the copy
          Object.defineProperty(copy, k, { value: undefined, enumerable: true, writable: true, configurable: true })
          stack.push([v, copy, k])
        }
      }
    }
  }
  return root.v
}

function pickHeaders(valueOf: (name: string) => unknown, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of names) {
    const value = valueOf(name)
    if (value === undefined) continue
    picked[name] = redactHeader(name, Array.isArray(value) ? value.join(', ') : String(value))
  }
  return picked
}

function redactText(text: string): string {
  return redactUrlCredentials(
    text
      .replace(JSON_MEMBER, (m, head: string, name: string, _value: string, close: string) => (SECRET_NAME.test(name) ? `${head}"${REDACTED}${close}` : m))
      .replace(XML_ELEMENT, (m, name: string, attributes: string | undefined) =>
        SECRET_NAME.test(name) ? `<${name}${attributes ?? ''}>${REDACTED}</${name}>` : m,
      )
      .replace(FORM_FIELD, (m, head: string, name: string) => (SECRET_NAME.test(name) ? `${head}${REDACTED}` : m)),
  )
}

function decodeBody(text: string, contentType: string | undefined, cut: boolean): unknown {
  if (text === '') return null
  if (contentType?.includes('json') && !cut) {
    try {
      return redactBody(JSON.parse(text))
    } catch {
      return redactText(text)
    }
  }
  return cut ? `${redactText(text)}…[truncated]` : redactText(text)
}

/** A request or response body as kept: the parsed request body by reference, or (at most the limit of) its bytes. */
type KeptBody =
  | { kind: 'none' }
  | { kind: 'parsed'; value: unknown; bytes: number }
  | { kind: 'bytes'; chunks: (Buffer | [string, BufferEncoding])[]; keptBytes: number; totalBytes: number; cut: boolean; shared?: SharedHead }

/**
 * The kept first bytes of a cut body, held once for every entry whose cut body began with the same bytes: a client
 * polling a large answer (a list it waits on) makes the same head again and again. Counted once in the budget.
 */
interface SharedHead {
  key: string
  bytes: Buffer
  /** Kept entries whose body is this head. */
  entries: number
}

/** Bytes a chunk keeps alive: a Buffer viewing a large ArrayBuffer retains all of it. */
function retainedBytesOf(chunk: Buffer | [string, BufferEncoding]): number {
  if (!Buffer.isBuffer(chunk)) return chunk[0].length
  return chunk.buffer.byteLength > POOL_SLAB_BYTES ? chunk.buffer.byteLength : chunk.byteLength
}

/** The request body, within the limit: small parsed bodies by reference; a larger one as a copy of its first bytes. */
function keepRequestBody(req: Request, maxBytes: number): KeptBody {
  const body: unknown = req.body
  if (body === undefined || body === null) return { kind: 'none' }
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf-8')
    if (bytes.length === 0) return { kind: 'none' }
    if (bytes.length <= maxBytes && (Buffer.isBuffer(body) ? retainedBytesOf(body) <= maxBytes : true)) {
      return { kind: 'bytes', chunks: [bytes], keptBytes: bytes.length, totalBytes: bytes.length, cut: false }
    }
    return { kind: 'bytes', chunks: [Buffer.from(bytes.subarray(0, maxBytes))], keptBytes: Math.min(maxBytes, bytes.length), totalBytes: bytes.length, cut: bytes.length > maxBytes }
  }
  const declared = Number(req.get('content-length'))
  if (Number.isInteger(declared) && declared <= maxBytes) return { kind: 'parsed', value: body, bytes: declared }
  // Larger than the limit, or of unknown size (chunked): serialised once, only its first bytes kept.
  let text: string
  try {
    text = JSON.stringify(body)
  } catch {
    return { kind: 'none' }
  }
  const total = Buffer.byteLength(text)
  if (total <= maxBytes) return { kind: 'parsed', value: body, bytes: total }
  return { kind: 'bytes', chunks: [Buffer.from(Buffer.from(text.slice(0, maxBytes), 'utf-8').subarray(0, maxBytes))], keptBytes: maxBytes, totalBytes: total, cut: true }
}

function bytesText(kept: Extract<KeptBody, { kind: 'bytes' }>): string {
  return Buffer.concat(kept.chunks.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(c[0], c[1]))))
    .subarray(0, kept.keptBytes)
    .toString('utf-8')
}

function readBody(kept: KeptBody, contentType: string | undefined): { body: unknown; cut?: BodyCut } {
  if (kept.kind === 'none') return { body: null }
  if (kept.kind === 'parsed') return { body: redactBody(kept.value) }
  const body = decodeBody(bytesText(kept), contentType, kept.cut)
  return kept.cut ? { body, cut: { keptBytes: kept.keptBytes, totalBytes: kept.totalBytes } } : { body }
}

/** What the hot path keeps: raw parts within the limits, decoded and redacted only when someone reads the journal. */
interface RawEntry {
  id: number
  provider: string
  at: number
  method: string
  path: string
  rawQuery: string
  headers: Record<string, string>
  requestBody: KeptBody
  requestContentType: string | undefined
  status: number
  responseHeaders: Record<string, string>
  responseBody: Extract<KeptBody, { kind: 'bytes' }>
  responseContentType: string | undefined
  durationMs: number
  injectedFault?: number
  /** Bytes this entry keeps alive (bodies as retained, plus an estimate of the rest). */
  retained: number
}

function decodeEntry(raw: RawEntry): JournalEntry {
  const request = readBody(raw.requestBody, raw.requestContentType)
  const response = readBody(raw.responseBody, raw.responseContentType)
  return {
    id: raw.id,
    provider: raw.provider,
    time: new Date(raw.at).toISOString(),
    method: raw.method,
    path: raw.path,
    // Express 5's default ("simple") query parser is node:querystring: the same object req.query gave.
    query: { ...parseQueryString(raw.rawQuery) },
    headers: raw.headers,
    body: request.body,
    ...(request.cut ? { bodyCut: request.cut } : {}),
    status: raw.status,
    responseHeaders: raw.responseHeaders,
    responseBody: response.body,
    ...(response.cut ? { responseBodyCut: response.cut } : {}),
    durationMs: raw.durationMs,
    ...(raw.injectedFault !== undefined ? { injectedFault: raw.injectedFault } : {}),
  }
}

/** What listeners of the journal hear of each exchange: enough for a live list, without bodies. */
export interface JournalSummary {
  id: number
  provider: string
  at: number
  method: string
  path: string
  status: number
  durationMs: number
  injectedFault?: number
}


/** What an entry keeps alive on its own: shared heads are counted once, by the journal. */
function retainedOf(entry: Omit<RawEntry, 'id' | 'retained'>): number {
  let bytes = ENTRY_OVERHEAD_BYTES + entry.path.length + entry.rawQuery.length
  for (const value of Object.values(entry.headers)) bytes += value.length
  if (entry.requestBody.kind === 'parsed') bytes += entry.requestBody.bytes
  else if (entry.requestBody.kind === 'bytes' && !entry.requestBody.shared) for (const c of entry.requestBody.chunks) bytes += retainedBytesOf(c)
  if (!entry.responseBody.shared) for (const c of entry.responseBody.chunks) bytes += retainedBytesOf(c)
  return bytes
}

/** What identifies a head's content: its length and hash. */
function headKey(bytes: Buffer): string {
  return `${bytes.length}:${createHash('sha1').update(bytes).digest('base64')}`
}

/** The kept bytes of a body as one Buffer of its own (not a view into a larger one). */
function ownCopy(kept: Extract<KeptBody, { kind: 'bytes' }>): Buffer {
  const [only] = kept.chunks
  // the usual cut answer: one copied head, already a Buffer of its own
  if (kept.chunks.length === 1 && Buffer.isBuffer(only) && only.length === kept.keptBytes && only.byteOffset === 0 && only.buffer.byteLength === only.length) return only
  const copy = Buffer.allocUnsafeSlow(kept.keptBytes)
  let at = 0
  for (const chunk of kept.chunks) {
    if (at >= copy.length) break
    at += Buffer.isBuffer(chunk) ? chunk.copy(copy, at) : copy.write(chunk[0], at, chunk[1])
  }
  return copy.subarray(0, at)
}

/** The newest entries, oldest dropped first past the entry count or the byte budget. */
export class Journal {
  private entries: RawEntry[] = []
  /** Index of the oldest live entry (dropped entries before it are cleared and compacted away in batches). */
  private head = 0
  private nextId = 1
  private bytes = 0
  /** Cut heads by content (length and hash), each held once while an entry keeps it. */
  private readonly heads = new Map<string, SharedHead>()
  readonly limits: JournalLimits
  private readonly listeners: ((summary: JournalSummary) => void)[] = []

  constructor(capacity: number, limits: Partial<Omit<JournalLimits, 'capacity'>> = {}) {
    this.limits = { capacity, maxBodyBytes: limits.maxBodyBytes ?? DEFAULT_JOURNAL_MAX_BODY_BYTES, maxBytes: limits.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES }
  }

  get capacity(): number {
    return this.limits.capacity
  }

  /** Bytes the kept entries retain (bodies as held in memory, plus a per-entry estimate). */
  get retainedBytes(): number {
    return this.bytes
  }

  get size(): number {
    return this.entries.length - this.head
  }

  onRecord(listener: (summary: JournalSummary) => void): void {
    this.listeners.push(listener)
  }

  record(entry: Omit<RawEntry, 'id' | 'retained'>): void {
    const raw: RawEntry = { id: this.nextId++, ...entry, retained: 0 }
    for (const listener of this.listeners) {
      const { id, provider, at, method, path, status, durationMs, injectedFault } = raw
      listener({ id, provider, at, method, path, status, durationMs, ...(injectedFault !== undefined ? { injectedFault } : {}) })
    }
    if (this.limits.capacity === 0) return
    for (const body of [raw.requestBody, raw.responseBody]) if (body.kind === 'bytes' && body.cut) this.shareHead(body)
    raw.retained = retainedOf(raw)
    this.entries.push(raw)
    this.bytes += raw.retained
    while (this.size > this.limits.capacity || (this.bytes > this.limits.maxBytes && this.size > 0)) this.dropOldest()
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head)
      this.head = 0
    }
  }

  /**
   * A cut body's first bytes as the journal keeps them: its copy of the same bytes if it holds one, else a new copy.
   * Taken while the answer is being written: a large answer read again and again then allocates nothing that lives as
   * long as its response (such copies outlived young-generation collections and waited for a full one: 29 MB after 400
   * reads of the 8.6 MB list; issue #20 item 3).
   */
  headCopy(bytes: Buffer): Buffer {
    return this.heads.get(headKey(bytes))?.bytes ?? Buffer.from(bytes)
  }

  /** Makes a cut body keep the shared copy of its head (made on first sight, counted once in the budget). */
  private shareHead(body: Extract<KeptBody, { kind: 'bytes' }>): void {
    const own = ownCopy(body)
    const key = headKey(own)
    let head = this.heads.get(key)
    if (!head) {
      head = { key, bytes: own, entries: 0 }
      this.heads.set(key, head)
      this.bytes += own.buffer.byteLength
    }
    head.entries++
    body.chunks = [head.bytes]
    body.shared = head
  }

  private releaseHead(head: SharedHead): void {
    if (--head.entries > 0) return
    this.heads.delete(head.key)
    this.bytes -= head.bytes.buffer.byteLength
  }

  private dropOldest(): void {
    const oldest = this.entries[this.head]
    this.bytes -= oldest.retained
    if (oldest.requestBody.kind === 'bytes' && oldest.requestBody.shared) this.releaseHead(oldest.requestBody.shared)
    if (oldest.responseBody.shared) this.releaseHead(oldest.responseBody.shared)
    ;(this.entries as (RawEntry | undefined)[])[this.head] = undefined
    this.head++
  }

  query(filter: { provider?: string; method?: string; path?: string; status?: number; since?: number; limit: number }): JournalEntry[] {
    const out: JournalEntry[] = []
    for (let i = this.entries.length - 1; i >= this.head && out.length < filter.limit; i--) {
      const e = this.entries[i]
      if (filter.provider !== undefined && e.provider !== filter.provider) continue
      if (filter.method !== undefined && e.method !== filter.method) continue
      if (filter.path !== undefined && !e.path.includes(filter.path)) continue
      if (filter.status !== undefined && e.status !== filter.status) continue
      if (filter.since !== undefined && e.at < filter.since) continue
      out.push(decodeEntry(e))
    }
    return out
  }

  /** The entry with this id, if the ring still holds it. */
  find(id: number): JournalEntry | undefined {
    // ids grow with the index: a binary search over the live entries
    let low = this.head
    let high = this.entries.length - 1
    while (low <= high) {
      const mid = (low + high) >>> 1
      const entry = this.entries[mid]
      if (entry.id === id) return decodeEntry(entry)
      if (entry.id < id) low = mid + 1
      else high = mid - 1
    }
    return undefined
  }

  /** Drops every entry: what they held is released (nothing else refers to it). */
  clear(): number {
    const count = this.size
    this.entries = []
    this.head = 0
    this.bytes = 0
    this.heads.clear()
    return count
  }
}

/**
 * Middleware for one provider app: records the exchange once the response is finished. Response chunks are kept as
 * written up to the per-entry limit; past it only a copy of the first bytes stays, so a large answer is not retained.
 */
export function journalRecorder(journal: Journal, providerId: string): RequestHandler {
  const max = journal.limits.maxBodyBytes
  /** Where a long string's first bytes are encoded before being kept (keep() runs synchronously: one is enough). */
  let scratch: Buffer | undefined
  return (req: Request, res: Response, next) => {
    const started = performance.now()
    const at = res.locals.now as number
    const response: Extract<KeptBody, { kind: 'bytes' }> = { kind: 'bytes', chunks: [], keptBytes: 0, totalBytes: 0, cut: false }
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return
      const room = max - response.keptBytes
      if (Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        response.totalBytes += bytes.length
        if (room <= 0) return void (response.cut = response.cut || bytes.length > 0)
        if (bytes.length <= room && retainedBytesOf(bytes) <= max) {
          response.chunks.push(bytes)
          response.keptBytes += bytes.length
        } else {
          // a copy (a view would keep the whole buffer alive), or the journal's own of the same bytes
          response.chunks.push(journal.headCopy(bytes.subarray(0, room)))
          response.keptBytes += Math.min(room, bytes.length)
          response.cut = response.cut || bytes.length > room
        }
        return
      }
      const text = String(chunk)
      const enc: BufferEncoding = typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf-8'
      // a string no longer than the room in characters may still be longer in bytes: the cheap test first
      if (room > 0 && text.length <= room && (text.length * 3 <= room || Buffer.byteLength(text, enc) <= room)) {
        response.chunks.push([text, enc])
        const bytes = Buffer.byteLength(text, enc)
        response.keptBytes += bytes
        response.totalBytes += bytes
        return
      }
      // Past the limit: a copy of the first bytes (never a slice, which would keep the whole string alive); the total
      // comes from Content-Length when the response declares it.
      if (room > 0) {
        // as many whole characters as fit, encoded into the recorder's scratch buffer (no encoded copy of the text),
        // then kept as the journal's copy of those bytes
        scratch ??= Buffer.allocUnsafeSlow(max)
        const written = scratch.write(text, 0, room, enc)
        response.chunks.push(journal.headCopy(scratch.subarray(0, written)))
        response.keptBytes += written
      }
      response.totalBytes += text.length
      response.cut = true
    }
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0])
      return write(chunk, ...rest)
    }) as Response['write']
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0])
      return end(chunk, ...rest)
    }) as Response['end']
    const finish = () => {
      const responseHeaders = pickHeaders((name) => res.getHeader(name), RESPONSE_HEADERS)
      const declared = Number(res.getHeader('content-length'))
      if (response.cut && Number.isInteger(declared) && declared >= response.keptBytes) response.totalBytes = declared
      const queryStart = req.url.indexOf('?')
      journal.record({
        provider: providerId,
        at,
        method: req.method,
        path: req.path,
        rawQuery: queryStart < 0 ? '' : req.url.slice(queryStart + 1),
        headers: pickHeaders((name) => req.headers[name], REQUEST_HEADERS),
        requestBody: keepRequestBody(req, max),
        requestContentType: req.get('content-type'),
        status: res.statusCode,
        responseHeaders,
        responseBody: response,
        responseContentType: responseHeaders['content-type'],
        durationMs: performance.now() - started,
        injectedFault: res.locals.injectedFault as number | undefined,
      })
    }
    // 'close' follows 'finish' on every response, and also ends one whose connection dropped: one listener for both.
    res.once('close', finish)
    next()
  }
}

const journalQuerySchema = lazy(() => z
  .object({
    provider: z.string().optional(),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .optional(),
    path: z.string().optional(),
    status: z.coerce.number().int().min(100).max(599).optional(),
    since: z
      .string()
      .transform((s, ctx) => {
        const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s)
        if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: 'since is an ISO time or epoch milliseconds' })
        return ms
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(100_000).default(100),
  })
  .strict())

export function journalRoutes(journal: Journal) {
  return (router: Router, _plane: ControlPlane): void => {
    router.get('/requests', (req, res) => {
      const parsed = journalQuerySchema().safeParse(req.query)
      if (!parsed.success) {
        throw new ControlError(400, `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`)
      }
      const requests = journal.query(parsed.data)
      res.json({ requests, capacity: journal.capacity, maxBodyBytes: journal.limits.maxBodyBytes, maxBytes: journal.limits.maxBytes, retainedBytes: journal.retainedBytes })
    })
    router.delete('/requests', (_req, res) => {
      res.json({ deleted: journal.clear() })
    })
  }
}
