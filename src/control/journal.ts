// Request journal: a bounded, newest-first record of provider requests and responses, with credentials redacted.
import type { Request, RequestHandler, Response, Router } from 'express'
import { parse as parseQueryString } from 'node:querystring'
import { z } from 'zod'
import { ControlError, type ControlPlane } from './routes.js'

export interface JournalEntry {
  id: number
  provider: string
  time: string
  method: string
  path: string
  query: Record<string, unknown>
  headers: Record<string, string>
  body: unknown
  status: number
  responseHeaders: Record<string, string>
  responseBody: unknown
  durationMs: number
  injectedFault?: number
}

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
const MAX_BODY_CHARS = 64 * 1024
export const REDACTED = '[redacted]'

function redactHeader(name: string, value: string): string {
  if (SECRET_HEADERS.has(name)) return REDACTED
  // Keep the scheme (Basic, JDCLOUD2-HMAC-SHA256, Bearer) so a reader can tell which auth was tried.
  if (name === 'authorization') return `${value.split(/\s+/)[0]} ${REDACTED}`
  return value
}

export function redactBody(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => redactBody(v, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) && (typeof v === 'string' || typeof v === 'number') ? REDACTED : redactBody(v, depth + 1)]),
  )
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

function decodeBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return null
  const clipped = text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…[truncated]` : text
  if (contentType?.includes('json') && clipped === text) {
    try {
      return redactBody(JSON.parse(text))
    } catch {
      return clipped
    }
  }
  // XML and text bodies: mask secret-looking elements and form fields too.
  return clipped
    .replace(/<([\w-]*(?:password|secret|token)[\w-]*)(\s[^>]*)?>[^<]*<\/\1>/gi, `<$1$2>${REDACTED}</$1>`)
    .replace(/((?:^|&)[^=&]*(?:password|secret|token)[^=&]*=)[^&]*/gi, `$1${REDACTED}`)
}

/** Keeps the parsed body by reference (bodies are not changed after parsing) and decodes it when read. */
function bodyReader(req: Request): () => unknown {
  const body: unknown = req.body
  const contentType = req.get('content-type')
  return () => {
    if (body === undefined) return null
    if (Buffer.isBuffer(body)) return decodeBody(body.toString('utf-8'), contentType)
    if (typeof body === 'string') return decodeBody(body, contentType)
    return redactBody(body)
  }
}

function responseText(chunks: RawEntry['responseChunks']): string {
  return Buffer.concat(chunks.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(c[0], c[1])))).toString('utf-8')
}

/** What the hot path keeps: raw parts, decoded and redacted only when someone reads the journal. */
interface RawEntry extends Omit<JournalEntry, 'id' | 'time' | 'query' | 'body' | 'responseBody'> {
  id: number
  at: number
  rawQuery: string
  rawBody: () => unknown
  /** As written: Buffers, or strings with their encoding (copied to bytes only when read). */
  responseChunks: (Buffer | [string, BufferEncoding])[]
  responseContentType: string | undefined
}

function decodeEntry(raw: RawEntry): JournalEntry {
  return {
    id: raw.id,
    provider: raw.provider,
    time: new Date(raw.at).toISOString(),
    method: raw.method,
    path: raw.path,
    // Express 5's default ("simple") query parser is node:querystring: the same object req.query gave.
    query: { ...parseQueryString(raw.rawQuery) },
    headers: raw.headers,
    status: raw.status,
    responseHeaders: raw.responseHeaders,
    durationMs: raw.durationMs,
    ...(raw.injectedFault !== undefined ? { injectedFault: raw.injectedFault } : {}),
    body: raw.rawBody(),
    responseBody: decodeBody(responseText(raw.responseChunks), raw.responseContentType),
  }
}

/** A ring of the newest `capacity` entries: recording never moves the others. */
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

export class Journal {
  private ring: RawEntry[] = []
  private next = 0
  private nextId = 1
  private readonly listeners: ((summary: JournalSummary) => void)[] = []

  constructor(readonly capacity: number) {}

  onRecord(listener: (summary: JournalSummary) => void): void {
    this.listeners.push(listener)
  }

  record(entry: Omit<RawEntry, 'id'>): void {
    const raw = { id: this.nextId++, ...entry }
    for (const listener of this.listeners) {
      const { id, provider, at, method, path, status, durationMs, injectedFault } = raw
      listener({ id, provider, at, method, path, status, durationMs, ...(injectedFault !== undefined ? { injectedFault } : {}) })
    }
    if (this.ring.length < this.capacity) this.ring.push(raw)
    else this.ring[this.next] = raw
    this.next = (this.next + 1) % this.capacity
  }

  query(filter: { provider?: string; method?: string; path?: string; status?: number; since?: number; limit: number }): JournalEntry[] {
    const out: JournalEntry[] = []
    const count = this.ring.length
    for (let back = 1; back <= count && out.length < filter.limit; back++) {
      const e = this.ring[(this.next - back + count) % count]
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
    const raw = this.ring.find((e) => e.id === id)
    return raw && decodeEntry(raw)
  }

  clear(): number {
    const count = this.ring.length
    this.ring = []
    this.next = 0
    return count
  }
}

/** Middleware for one provider app: records the exchange once the response is finished. */
export function journalRecorder(journal: Journal, providerId: string): RequestHandler {
  return (req: Request, res: Response, next) => {
    const started = performance.now()
    const at = res.locals.now as number
    const chunks: RawEntry['responseChunks'] = []
    let size = 0
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_BODY_CHARS) return
      if (Buffer.isBuffer(chunk)) {
        chunks.push(chunk)
        size += chunk.length
        return
      }
      const text = String(chunk)
      chunks.push([text, typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf-8'])
      size += text.length
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
      const queryStart = req.url.indexOf('?')
      journal.record({
        provider: providerId,
        at,
        method: req.method,
        path: req.path,
        rawQuery: queryStart < 0 ? '' : req.url.slice(queryStart + 1),
        headers: pickHeaders((name) => req.headers[name], REQUEST_HEADERS),
        rawBody: bodyReader(req),
        status: res.statusCode,
        responseHeaders,
        responseChunks: chunks,
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

const journalQuerySchema = z
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
  .strict()

export function journalRoutes(journal: Journal) {
  return (router: Router, _plane: ControlPlane): void => {
    router.get('/requests', (req, res) => {
      const parsed = journalQuerySchema.safeParse(req.query)
      if (!parsed.success) {
        throw new ControlError(400, `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`)
      }
      const requests = journal.query(parsed.data)
      res.json({ requests, capacity: journal.capacity })
    })
    router.delete('/requests', (_req, res) => {
      res.json({ deleted: journal.clear() })
    })
  }
}
