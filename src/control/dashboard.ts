// The dashboard's data (overview, resources, one resource as its API answers it) and its page at /_emulator/ui.
import type { Request, Response, Router } from 'express'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { stringify as stringifyQuery } from 'node:querystring'
import { z } from 'zod'
import type { LifecycleSlice, PendingTransition } from '../core/lifecycle.js'
import type { AnyProvider, ResourceCollection } from '../core/provider.js'
import type { Journal, JournalEntry } from './journal.js'
import { ControlError, type ControlPlane } from './routes.js'

/** The page's files: the only names served under /ui, so nothing else in the folder can be reached. */
const PAGE_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
}

const resourcesQuerySchema = z
  .object({
    provider: z.string(),
    collection: z.string().optional(),
    scope: z.string().optional(),
    q: z.string().max(200).optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()

function providerOf(plane: ControlPlane, id: unknown): AnyProvider {
  const provider = plane.providers.find((p) => p.id === id)
  if (!provider) throw new ControlError(400, `unknown provider "${String(id)}"; enabled providers: ${plane.providers.map((p) => p.id).join(', ')}`)
  return provider
}

function collectionsOf(provider: AnyProvider): ResourceCollection<unknown>[] {
  return (provider.dashboard?.collections ?? []) as ResourceCollection<unknown>[]
}

function recordsOf(slice: unknown, collection: string): Record<string, unknown> {
  const records = (slice as Record<string, unknown>)[collection]
  return typeof records === 'object' && records !== null ? (records as Record<string, unknown>) : {}
}

/**
 * Pending transitions by the resource id they name. A transition's target holds the resource's id under a
 * provider-chosen key (`id`, `uid`, …), so any target value that is a stored id counts.
 */
function pendingByTarget(slice: LifecycleSlice): Map<string, PendingTransition[]> {
  const out = new Map<string, PendingTransition[]>()
  for (const t of slice.lifecycle.pending) {
    for (const value of Object.values(t.target)) {
      const key = String(value)
      const list = out.get(key) ?? []
      list.push(t)
      out.set(key, list)
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at || a.id - b.id)
  return out
}

const pendingView = (t: PendingTransition) => ({ kind: t.kind, at: t.at, time: new Date(t.at).toISOString() })

/** Due transitions are applied before the dashboard reads, as a provider request would apply them. */
async function settled(plane: ControlPlane, provider: AnyProvider): Promise<unknown> {
  await plane.settle?.(provider.id)
  return plane.store.read(provider.id)
}

function listResources(plane: ControlPlane, provider: AnyProvider, slice: unknown, query: z.infer<typeof resourcesQuerySchema>) {
  const pending = pendingByTarget(slice as LifecycleSlice)
  const needle = query.q?.toLowerCase()
  const collections = collectionsOf(provider).filter((c) => query.collection === undefined || c.collection === query.collection)
  const scopes = new Set<string>()
  const rows: Record<string, unknown>[] = []
  let total = 0
  for (const spec of collections) {
    for (const [id, record] of Object.entries(recordsOf(slice, spec.collection))) {
      const scope = spec.scope?.(record, slice)
      if (scope !== undefined) scopes.add(scope)
      if (query.scope !== undefined && scope !== query.scope) continue
      const name = spec.name(record)
      if (needle && !`${id} ${name}`.toLowerCase().includes(needle)) continue
      total++
      if (total <= query.offset || rows.length >= query.limit) continue
      const next = pending.get(id)?.[0]
      rows.push({
        provider: provider.id,
        collection: spec.collection,
        kind: spec.kind,
        id,
        name,
        scope,
        status: spec.status?.(record),
        ...(next ? { pending: pendingView(next) } : {}),
      })
    }
  }
  return { provider: provider.id, total, offset: query.offset, limit: query.limit, scopes: [...scopes].sort(), items: rows }
}

function realRedisOf(plane: ControlPlane, provider: AnyProvider, slice: unknown, id: string) {
  const server = plane.realRedis?.servers().find((s) => s.providerId === provider.id && s.key === id)
  if (!server) return undefined
  const spec = provider.realRedis?.servers(slice)[id]
  const auth = spec?.password ? ` -a '${spec.password}' --no-auth-warning` : ''
  return { port: server.port, state: server.state, cli: `redis-cli -h 127.0.0.1 -p ${server.port}${auth}` }
}

async function showResource(plane: ControlPlane, req: Request, res: Response): Promise<void> {
  const provider = providerOf(plane, req.params.provider)
  const spec = collectionsOf(provider).find((c) => c.collection === req.params.collection)
  if (!spec) throw new ControlError(404, `${provider.id} has no resource collection "${String(req.params.collection)}"`)
  const slice = await settled(plane, provider)
  const id = String(req.params.id)
  const records = recordsOf(slice, spec.collection)
  if (!Object.hasOwn(records, id)) throw new ControlError(404, `${provider.id} has no ${spec.kind} "${id}"`)
  const record = records[id]
  const realRedis = realRedisOf(plane, provider, slice, id)
  res.json({
    provider: provider.id,
    collection: spec.collection,
    kind: spec.kind,
    id,
    name: spec.name(record),
    scope: spec.scope?.(record, slice),
    status: spec.status?.(record),
    body: spec.body(record, slice),
    ...(spec.xml ? { xml: spec.xml(record, slice) } : {}),
    pending: (pendingByTarget(slice as LifecycleSlice).get(id) ?? []).map(pendingView),
    ...(realRedis ? { realRedis } : {}),
    ...(spec.openapiTag && provider.openapi ? { openapi: { document: `/_emulator/openapi/${provider.id}.json`, tag: spec.openapiTag } } : {}),
  })
}

function overview(plane: ControlPlane) {
  return {
    version: plane.version,
    uptimeMs: Date.now() - plane.startedAt,
    clock: plane.clock.state(),
    delays: plane.delays.all(),
    controlToken: Boolean(plane.controlToken),
    providers: plane.providers.map((provider) => {
      const urls = (plane.listeners ?? []).filter((l) => l.provider === provider.id).map(({ listener, url }) => ({ listener, url }))
      const slice = plane.store.read(provider.id)
      const ctx = plane.contexts?.get(provider.id)
      return {
        id: provider.id,
        title: provider.title,
        urls,
        credentials: ctx ? provider.banner(ctx) : [],
        snippets: urls[0] ? (provider.dashboard?.snippets(urls[0].url) ?? []) : [],
        errorCodes: provider.dashboard?.errorCodes ?? {},
        collections: collectionsOf(provider).map((c) => ({
          collection: c.collection,
          kind: c.kind,
          count: Object.keys(recordsOf(slice, c.collection)).length,
          ...(c.openapiTag ? { openapiTag: c.openapiTag } : {}),
        })),
        // issue #19: the page links each resource view to its operations in this document
        openapi: provider.openapi ? `/_emulator/openapi/${provider.id}.json` : null,
        pending: (slice as LifecycleSlice).lifecycle.pending.length,
      }
    }),
    realRedis: plane.realRedis ? plane.realRedis.servers().map(({ providerId, key, port, state }) => ({ provider: providerId, key, port, state })) : null,
  }
}

function seedNames(plane: ControlPlane): string[] {
  try {
    return readdirSync(join(plane.fixturesDir, 'seeds'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort()
  } catch {
    return []
  }
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

/** "Copy as curl": the journaled request again, authenticated afresh as the provider's default account. */
function curlFor(plane: ControlPlane, entry: JournalEntry): string {
  const provider = providerOf(plane, entry.provider)
  const listeners = (plane.listeners ?? []).filter((l) => l.provider === provider.id)
  const base = (listeners.find((l) => l.listener === provider.id) ?? listeners[0])?.url
  if (!base || !provider.dashboard) throw new ControlError(409, `${provider.id} is not listening: no URL to send the request to`)
  const query = stringifyQuery(entry.query as Record<string, string>)
  const url = `${entry.path}${query ? `?${query}` : ''}`
  const body = entry.body === undefined || entry.body === null || entry.body === '' ? undefined : typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body)
  const contentType = body === undefined ? undefined : entry.headers['content-type']
  const request = { method: entry.method, url, host: new URL(base).host, contentType, body }
  const headers = { ...(contentType ? { 'Content-Type': contentType } : {}), ...provider.dashboard.credentials(request, plane.store.read(provider.id), plane.clock.now()) }
  const parts = ['curl', '-sS', ...(base.startsWith('https:') ? ['-k'] : []), '-X', entry.method, shellQuote(base + url)]
  for (const [name, value] of Object.entries(headers)) parts.push('-H', shellQuote(`${name}: ${value}`))
  if (body !== undefined) parts.push('--data-raw', shellQuote(body))
  return parts.join(' ')
}

export function dashboardRoutes(pageDir: string, journal: Journal) {
  return (router: Router, plane: ControlPlane): void => {
    const sendPage = (name: string, res: Response) => {
      res.set({ 'Content-Type': PAGE_FILES[name], 'Cache-Control': 'no-cache' })
      res.sendFile(join(pageDir, name))
    }
    router.get(['/ui', '/ui/'], (_req, res) => sendPage('index.html', res))
    router.get('/ui/:file', (req, res, next) => {
      const file = String(req.params.file)
      if (!Object.hasOwn(PAGE_FILES, file)) return next()
      sendPage(file, res)
    })
    router.get('/overview', (_req, res) => {
      res.json(overview(plane))
    })
    router.get('/resources', async (req, res) => {
      const parsed = resourcesQuerySchema.safeParse(req.query)
      if (!parsed.success) throw new ControlError(400, `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`)
      const provider = providerOf(plane, parsed.data.provider)
      res.json(listResources(plane, provider, await settled(plane, provider), parsed.data))
    })
    router.get('/resources/:provider/:collection/:id', (req, res) => showResource(plane, req, res))
    router.get('/requests/:id/curl', (req, res) => {
      const entry = journal.find(Number(req.params.id))
      if (!entry) throw new ControlError(404, `the journal holds no request ${String(req.params.id)}`)
      res.json({ curl: curlFor(plane, entry) })
    })
    router.get('/seeds', (_req, res) => {
      res.json({ seeds: seedNames(plane) })
    })
  }
}
