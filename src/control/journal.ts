// Request journal: a bounded, newest-first record of provider requests and responses, with credentials redacted.
import type { Request, RequestHandler, Response, Router } from 'express'
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

function pickHeaders(source: Record<string, unknown>, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of names) {
    const value = source[name]
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

/** What the hot path keeps: raw text, decoded and redacted only when someone reads the journal. */
interface RawEntry extends Omit<JournalEntry, 'body' | 'responseBody'> {
  rawBody: () => unknown
  rawResponse: { text: string; contentType: string | undefined }
}

function decodeEntry(raw: RawEntry): JournalEntry {
  const { rawBody, rawResponse, ...rest } = raw
  return { ...rest, body: rawBody(), responseBody: decodeBody(rawResponse.text, rawResponse.contentType) }
}

export class Journal {
  private entries: RawEntry[] = []
  private nextId = 1

  constructor(readonly capacity: number) {}

  record(entry: Omit<RawEntry, 'id'>): void {
    this.entries.push({ id: this.nextId++, ...entry })
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity)
  }

  query(filter: { provider?: string; method?: string; path?: string; status?: number; since?: number; limit: number }): JournalEntry[] {
    const out: JournalEntry[] = []
    for (let i = this.entries.length - 1; i >= 0 && out.length < filter.limit; i--) {
      const e = this.entries[i]
      if (filter.provider !== undefined && e.provider !== filter.provider) continue
      if (filter.method !== undefined && e.method !== filter.method) continue
      if (filter.path !== undefined && !e.path.includes(filter.path)) continue
      if (filter.status !== undefined && e.status !== filter.status) continue
      if (filter.since !== undefined && Date.parse(e.time) < filter.since) continue
      out.push(decodeEntry(e))
    }
    return out
  }

  clear(): number {
    const count = this.entries.length
    this.entries = []
    return count
  }
}

/** Middleware for one provider app: records the exchange once the response is finished. */
export function journalRecorder(journal: Journal, providerId: string): RequestHandler {
  return (req: Request, res: Response, next) => {
    const started = process.hrtime.bigint()
    const time = new Date(res.locals.now as number).toISOString()
    const chunks: Buffer[] = []
    let size = 0
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_BODY_CHARS) return
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf-8')
      chunks.push(buffer)
      size += buffer.length
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
      const responseHeaders = pickHeaders(res.getHeaders() as Record<string, unknown>, RESPONSE_HEADERS)
      journal.record({
        provider: providerId,
        time,
        method: req.method,
        path: req.path,
        query: { ...(req.query as Record<string, unknown>) },
        headers: pickHeaders(req.headers, REQUEST_HEADERS),
        rawBody: bodyReader(req),
        status: res.statusCode,
        responseHeaders,
        rawResponse: { text: Buffer.concat(chunks).toString('utf-8'), contentType: responseHeaders['content-type'] },
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        ...(res.locals.injectedFault !== undefined ? { injectedFault: res.locals.injectedFault as number } : {}),
      })
    }
    res.once('finish', finish)
    res.once('close', () => {
      if (!res.writableFinished) finish()
    })
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
