// issue #19: each provider's OpenAPI document is valid OpenAPI 3.1, lists every route its router registers, and every
// operation it lists answers on the emulator (not with the provider's "no route" answer).
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiDocument } from '../../src/control/openapi.js'
import { providers } from '../../src/providers/index.js'
import { createHarness, type Harness } from '../helpers/harness.js'
import { ADAPTERS, type RouteEntry } from './adapters.js'

type Doc = { paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: { enum?: unknown[]; const?: unknown } }[] }>> }

/** A concrete path for a template: each parameter's first documented value, else a sample word. */
function samplePath(template: string, parameters: { name: string; in: string; schema: { enum?: unknown[]; const?: unknown } }[] = []): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema
    const value = schema?.enum?.[0] ?? schema?.const ?? `sample${name.length}`
    return encodeURIComponent(String(value))
  })
}

function operationsOf(doc: Doc): { method: string; path: string; sample: string }[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method, path, sample: samplePath(path, op.parameters) })),
  )
}

const covers = (route: RouteEntry, op: { method: string; path: string; sample: string }) =>
  route.method === op.method && ('pattern' in route ? route.pattern.test(op.sample) : route.path === op.path)

describe.each(ADAPTERS)('$id OpenAPI document', (adapter) => {
  const provider = providers.find((p) => p.id === adapter.id)!
  let h: Harness
  beforeAll(async () => {
    h = await createHarness({ fast: true })
  })
  afterAll(async () => h.emulator.store.close())

  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator()
    const result = await validator.validate(openApiDocument(provider, ["http://127.0.0.1:1"]) as Parameters<Validator["validate"]>[0])
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('lists every route the router registers, and nothing the router does not answer', () => {
    const doc = openApiDocument(provider, []) as unknown as Doc
    const operations = operationsOf(doc)
    const routes = adapter.registered(h)
    expect(routes.length).toBeGreaterThan(0)
    const undocumented = routes.filter((route) => !operations.some((op) => covers(route, op))).map((r) => `${r.method} ${'pattern' in r ? r.pattern : r.path}`)
    const unrouted = operations.filter((op) => !routes.some((route) => covers(route, op))).map((op) => `${op.method} ${op.path}`)
    expect({ undocumented, unrouted }).toEqual({ undocumented: [], unrouted: [] })
  })

  it('every documented operation answers (never the provider\'s "no route" answer)', async () => {
    const doc = openApiDocument(provider, []) as unknown as Doc
    const missing: string[] = []
    for (const op of operationsOf(doc)) {
      const answer = await adapter.call(h, op.method, op.sample)
      if (answer.text.includes(`no route for ${op.method.toUpperCase()}`)) missing.push(`${op.method} ${op.sample} -> ${answer.status}`)
    }
    expect(missing).toEqual([])
  })

  it('every operation says where its behaviour comes from', () => {
    const doc = openApiDocument(provider, []) as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> }
    const unsourced = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).filter(([, op]) => !/^(seed|reference|inferred)/.test(String(op['x-emulator-source'] ?? ''))).map(([m]) => `${m} ${path}`),
    )
    expect(unsourced).toEqual([])
  })
})
