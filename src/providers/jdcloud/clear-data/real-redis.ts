// Clear data on the instance's live server (real-Redis mode): AllData is FLUSHALL, ExpiredData a full SCAN (which
// removes the expired keys it meets), SpecifiedData SCAN MATCH + the ttl/idle filters + UNLINK. Answers the keys removed.
import type { ProviderContext } from '../../../core/provider.js'
import { databasesWithKeys, ok, onServer, scanKeys } from '../real-redis-reads.js'
import type { ClearType, KeyFilter } from './model.js'

// A bound on one task's scan; instances in tests and local runs hold far fewer keys.
const MAX_KEYS = 1_000_000
const BATCH = 500

async function keyCount(ctx: ProviderContext, id: string): Promise<number> {
  const replies = await onServer(ctx, id, [['INFO', 'keyspace']])
  if (!replies) return 0
  return [...ok<string>(replies[0]).matchAll(/^db\d+:keys=(\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0)
}

function passes(filter: KeyFilter, actual: number): boolean {
  if (filter.operator === 'eq') return actual === filter.value
  return filter.operator === 'gt' ? actual > filter.value : actual < filter.value
}

async function matchingKeys(ctx: ProviderContext, id: string, db: number, pattern: string, filters: KeyFilter[]): Promise<string[]> {
  const keys = await scanKeys(ctx, id, db, MAX_KEYS, pattern)
  if (filters.length === 0) return keys
  const kept: string[] = []
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH)
    const commands = batch.flatMap((k) => [['TTL', k], ['OBJECT', 'IDLETIME', k]])
    const replies = await onServer(ctx, id, [['SELECT', String(db)], ...commands])
    if (!replies) return kept
    batch.forEach((key, n) => {
      const ttl = Number(replies[1 + 2 * n])
      const idle = Number(replies[2 + 2 * n])
      // a key without an expiry (TTL -1) has no ttl to compare: it never matches a ttl filter
      const ok = filters.every((f) => (f.filterType === 'ttl' ? ttl >= 0 && passes(f, ttl) : passes(f, idle)))
      if (ok) kept.push(key)
    })
  }
  return kept
}

export async function clearOnServer(ctx: ProviderContext, id: string, clearType: ClearType, keyPattern: string, keyFilter: KeyFilter[]): Promise<number> {
  if (!ctx.realRedis) return 0
  const before = await keyCount(ctx, id)
  if (clearType === 'AllData') {
    await onServer(ctx, id, [['FLUSHALL']])
    return before
  }
  const dbs = (await databasesWithKeys(ctx, id)) ?? []
  if (clearType === 'ExpiredData') {
    // SCAN checks each key it returns and deletes the expired ones; the count difference is what went
    for (const db of dbs) await scanKeys(ctx, id, db, MAX_KEYS)
    return Math.max(0, before - (await keyCount(ctx, id)))
  }
  let removed = 0
  for (const db of dbs) {
    const keys = await matchingKeys(ctx, id, db, keyPattern || '*', keyFilter)
    for (let i = 0; i < keys.length; i += BATCH) {
      const replies = await onServer(ctx, id, [['SELECT', String(db)], ['UNLINK', ...keys.slice(i, i + BATCH)]])
      if (replies) removed += ok<number>(replies[1])
    }
  }
  return removed
}
