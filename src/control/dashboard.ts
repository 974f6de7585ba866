// The dashboard's data (overview, resources, one resource as its API answers it) and its page at /_emulator/ui.
import type { Request, Response, Router } from 'express'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { stringify as stringifyQuery } from 'node:querystring'
import { z } from 'zod'
import { lazy } from '../core/lazy.js'
import type { LifecycleSlice, PendingTransition } from '../core/lifecycle.js'
import type { AnyProvider, ResourceCollection } from '../core/provider.js'
import type { Journal, JournalEntry } from './journal.js'
import { recordsOf, type IndexedCollection, type ResourceIndex } from './resource-index.js'
import { ControlError, type ControlPlane } from './routes.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

/** The page's files: the only names served under /ui, so nothing else in the folder can be reached. */
const PAGE_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
}

const resourcesQuerySchema = lazy(() => z
  .object({
    provider: z.string(),
    collection: z.string().optional(),
    scope: z.string().optional(),
    q: z.string().max(200).optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict())

function providerOf(plane: ControlPlane, id: unknown): AnyProvider {
  const provider = plane.providers.find((p) => p.id === id)
  if (!provider) throw new ControlError(400, `unknown provider "${String(id)}"; enabled providers: ${plane.providers.map((p) => p.id).join(', ')}`)
  return provider
}

function collectionsOf(provider: AnyProvider): ResourceCollection<unknown>[] {
  return (provider.dashboard?.collections ?? []) as ResourceCollection<unknown>[]
}

/**
 * The next pending transition of each of `ids` (a page's resources): one pass over the pending list, without building
 * anything for the resources off the page. A transition's target holds the resource's id under a provider-chosen key
 * (`id`, `uid`, …), so any target value that is one of the ids counts.
 */
function nextPendingOf(slice: LifecycleSlice, ids: ReadonlySet<string>): Map<string, PendingTransition> {
  const out = new Map<string, PendingTransition>()
  if (ids.size === 0) return out
  for (const t of slice.lifecycle.pending) {
    for (const value of Object.values(t.target)) {
      const key = String(value)
      if (!ids.has(key)) continue
      const current = out.get(key)
      if (!current || t.at < current.at || (t.at === current.at && t.id < current.id)) out.set(key, t)
    }
  }
  return out
}

/** Every pending transition of one resource, soonest first. */
function pendingOf(slice: LifecycleSlice, id: string): PendingTransition[] {
  return slice.lifecycle.pending.filter((t) => Object.values(t.target).some((value) => String(value) === id)).sort((a, b) => a.at - b.at || a.id - b.id)
}

const pendingView = (t: PendingTransition) => ({ kind: t.kind, at: t.at, time: new Date(t.at).toISOString() })

/** Due transitions are applied before the dashboard reads, as a provider request would apply them. */
async function settled(plane: ControlPlane, provider: AnyProvider): Promise<unknown> {
  await plane.settle?.(provider.id)
  return plane.store.read(provider.id)
}

/**
 * One page of a provider's resources. Totals, scopes and the ids of a scope come from the resource index, and only
 * the page's records are read: a refresh of the table costs the page, not the store (a search by `q` reads every
 * name, and a page deep in the table walks the ids before it in the index).
 */
function listResources(index: ResourceIndex, provider: AnyProvider, slice: unknown, query: z.infer<ReturnType<typeof resourcesQuerySchema>>) {
  const indexed = collectionsOf(provider)
    .filter((c) => query.collection === undefined || c.collection === query.collection)
    .map((c) => index.collection(provider.id, c.collection))
    .filter((c): c is IndexedCollection => c !== undefined)
  const scopes = new Set<string>()
  for (const collection of indexed) for (const scope of collection.scopes()) scopes.add(scope)
  const needle = query.q?.toLowerCase()
  const page: { spec: ResourceCollection<unknown>; id: string; record: unknown }[] = []
  let total = 0
  for (const collection of indexed) {
    const records = recordsOf(slice, collection.spec.collection)
    const { ids, count } = collection.ids(query.scope)
    if (needle === undefined) {
      let position = total
      total += count
      if (total <= query.offset || page.length >= query.limit) continue
      for (const id of ids) {
        if (position++ < query.offset) continue
        if (page.length >= query.limit) break
        if (Object.hasOwn(records, id)) page.push({ spec: collection.spec, id, record: records[id] })
      }
      continue
    }
    for (const id of ids) {
      if (!Object.hasOwn(records, id)) continue
      const record = records[id]
      if (!`${id} ${collection.spec.name(record)}`.toLowerCase().includes(needle)) continue
      total++
      if (total <= query.offset || page.length >= query.limit) continue
      page.push({ spec: collection.spec, id, record })
    }
  }
  const next = nextPendingOf(slice as LifecycleSlice, new Set(page.map((row) => row.id)))
  const items = page.map(({ spec, id, record }) => {
    const pending = next.get(id)
    return { ...summaryOf(provider, spec, id, record, slice), ...(pending ? { pending: pendingView(pending) } : {}) }
  })
  return { provider: provider.id, total, offset: query.offset, limit: query.limit, scopes: [...scopes].sort(), items }
}

/** What a resource's row and its detail share. */
function summaryOf(provider: AnyProvider, spec: ResourceCollection<unknown>, id: string, record: unknown, slice: unknown) {
  return {
    provider: provider.id,
    collection: spec.collection,
    kind: spec.kind,
    id,
    name: spec.name(record),
    scope: spec.scope?.(record, slice),
    status: spec.status?.(record),
  }
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
    ...summaryOf(provider, spec, id, record, slice),
    body: spec.body(record, slice),
    ...(spec.xml ? { xml: spec.xml(record, slice) } : {}),
    pending: pendingOf(slice as LifecycleSlice, id).map(pendingView),
    ...(realRedis ? { realRedis } : {}),
    ...(spec.openapiTag && provider.openapi ? { openapi: { document: `/_emulator/openapi/${provider.id}.json`, tag: spec.openapiTag } } : {}),
  })
}

function overview(plane: ControlPlane, index: ResourceIndex) {
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
          count: index.collection(provider.id, c.collection)?.size ?? 0,
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

export function dashboardRoutes(pageDir: string, journal: Journal, index: ResourceIndex) {
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
      res.json(overview(plane, index))
    })
    router.get('/resources', async (req, res) => {
      const parsed = resourcesQuerySchema().safeParse(req.query)
      if (!parsed.success) throw new ControlError(400, `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`)
      const provider = providerOf(plane, parsed.data.provider)
      res.json(listResources(index, provider, await settled(plane, provider), parsed.data))
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
