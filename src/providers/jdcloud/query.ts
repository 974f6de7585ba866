// The numbered query form the JDCloud SDKs send for arrays (reference §2 "Query encoding of arrays"):
// filters.N.name|operator|values.M, sorts.N.name|direction, tagFilters.N.key|values.M, with 1-based indexes.
import { z } from 'zod'
import { lazy } from '../../core/lazy.js'
import { invalidArgument } from './errors.js'
import { pageQueryShape } from './openapi-kit.js'

export interface Filter {
  name: string
  operator: string
  values: string[]
}

export interface Sort {
  name: string
  direction: string
}

export interface TagFilter {
  key: string
  values: string[]
}

export interface ListQuery {
  pageNumber: number
  pageSize: number
  filters: Filter[]
  sorts: Sort[]
  tagFilters: TagFilter[]
}

/** Query items as a map of key -> every value given (URLSearchParams keeps duplicates and decodes '+' and %XX). */
export function queryItems(rawUrl: string): Map<string, string[]> {
  const q = rawUrl.indexOf('?')
  const items = new Map<string, string[]>()
  if (q < 0) return items
  for (const [key, value] of new URLSearchParams(rawUrl.slice(q + 1))) items.set(key, [...(items.get(key) ?? []), value])
  return items
}

/** A parameter that must appear at most once. */
export function single(items: Map<string, string[]>, key: string): string | undefined {
  const values = items.get(key)
  if (!values) return undefined
  if (values.length > 1) throw invalidArgument(`${key} must be given once`)
  return values[0]
}

export function integerParam(items: Map<string, string[]>, key: string, fallback: number, min: number, max: number): number {
  const raw = single(items, key)
  if (raw === undefined || raw === '') return fallback
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN
  // reference §2: pageNumber >= 1, pageSize in [10, 100]
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(`${key} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}], got "${raw}"`)
  }
  return value
}

interface Indexed<T> {
  index: number
  value: T
}

/** Groups `prefix.N.field` and `prefix.N.values.M` keys by N; any other key under the prefix is malformed. */
function collect(items: Map<string, string[]>, prefix: string, fields: string[]): Indexed<{ fields: Record<string, string>; values: Indexed<string>[] }>[] {
  const groups = new Map<number, { fields: Record<string, string>; values: Indexed<string>[] }>()
  const group = (n: number) => {
    let g = groups.get(n)
    if (!g) groups.set(n, (g = { fields: {}, values: [] }))
    return g
  }
  for (const key of items.keys()) {
    if (!key.startsWith(`${prefix}.`)) continue
    const m = key.slice(prefix.length + 1).match(/^([1-9]\d{0,5})\.(?:([A-Za-z]+)|values\.([1-9]\d{0,5}))$/)
    if (!m || (m[2] !== undefined && !fields.includes(m[2]))) throw invalidArgument(`unknown query parameter ${key}`)
    const value = single(items, key)!
    if (m[2] !== undefined) group(Number(m[1])).fields[m[2]] = value
    else group(Number(m[1])).values.push({ index: Number(m[3]), value })
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, value]) => ({ index, value: { ...value, values: value.values.sort((a, b) => a.index - b.index) } }))
}

export function parseListQuery(rawUrl: string): ListQuery {
  const items = queryItems(rawUrl)
  const filters = collect(items, 'filters', ['name', 'operator']).map(({ index, value }) => {
    if (!value.fields.name) throw invalidArgument(`filters.${index}.name is required`)
    if (value.values.length === 0) throw invalidArgument(`filters.${index}.values is required`)
    return { name: value.fields.name, operator: value.fields.operator ?? 'eq', values: value.values.map((v) => v.value) }
  })
  const sorts = collect(items, 'sorts', ['name', 'direction']).map(({ index, value }) => {
    if (!value.fields.name) throw invalidArgument(`sorts.${index}.name is required`)
    if (value.values.length) throw invalidArgument(`sorts.${index} takes no values`)
    return { name: value.fields.name, direction: value.fields.direction ?? 'asc' }
  })
  const tagFilters = collect(items, 'tagFilters', ['key']).map(({ index, value }) => {
    if (!value.fields.key) throw invalidArgument(`tagFilters.${index}.key is required`)
    // issue 16: TagFilter is {key, values[]} like Filter; an entry without values is refused alike.
    if (value.values.length === 0) throw invalidArgument(`tagFilters.${index}.values is required`)
    return { key: value.fields.key, values: value.values.map((v) => v.value) }
  })
  return {
    pageNumber: integerParam(items, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER),
    pageSize: integerParam(items, 'pageSize', 10, 10, 100),
    filters,
    sorts,
    tagFilters,
  }
}

/**
 * What parseListQuery reads, for the OpenAPI document: pageNumber, pageSize and the numbered array forms, shown with
 * index 1 (reference §2: further entries are numbered 2, 3, …; values.M likewise).
 */
export const listQuerySchema = lazy(() =>
  z.object({
    ...pageQueryShape(),
    'filters.1.name': z
      .enum(['cacheInstanceId', 'cacheInstanceName', 'cacheInstanceStatus', 'redisVersion', 'instanceType', 'chargeMode'])
      .optional()
      .meta({ description: 'filter N name (reference §2 filter table); filters.N.* for N = 1, 2, …, every filter must match' }),
    'filters.1.operator': z.enum(['eq', 'in']).optional().meta({ description: 'filter N operator, default eq' }),
    'filters.1.values.1': z.string().optional().meta({ description: 'filter N value M (M = 1, 2, …; any value may match); at least one per filter' }),
    'sorts.1.name': z.enum(['createTime', 'totalMemory']).optional().meta({ description: 'sort N key; totalMemory takes priority over createTime' }),
    'sorts.1.direction': z.enum(['asc', 'desc']).optional().meta({ description: 'sort N direction, default asc' }),
    'tagFilters.1.key': z.string().optional().meta({ description: 'tag filter N key' }),
    'tagFilters.1.values.1': z.string().optional().meta({ description: 'tag filter N value M; at least one per tag filter' }),
  }),
)
