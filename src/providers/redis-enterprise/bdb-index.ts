// Derived indexes over the stored bdbs (ports in use, shard and memory totals), so that creating or updating a
// database costs the same whatever the number of databases. Nothing here is stored: the index hangs off the live
// `bdbs` object under symbol keys (JSON, structuredClone, Object.keys and the write-ahead log never see them), so a
// slice replaced by reset, seed, state import or a restart comes with no index and gets a fresh one when first read.
// Changes made through a recipe's draft are brought along by noteBdbChange, which also writes a new stamp through the
// draft: if the recipe rolls back, the stamp goes back with it, no longer matches, and the index is rebuilt.
import { FIRST_AUTO_PORT, LAST_AUTO_PORT, memoryNeeded, reservedPorts, usedPorts, allShards } from './cluster.js'
import type { Bdb, Catalogue, JsonObject, RedisEnterpriseSlice } from './model.js'

const INDEX = Symbol('redis-enterprise bdb index')
const STAMP = Symbol('redis-enterprise bdb index stamp')

type Holder = Record<symbol, unknown>

interface Entry {
  uid: number
  name: unknown
  ports: unknown[]
  shards: number
  memory: number
}

let lastStamp = 0

export class BdbIndex {
  stamp = ++lastStamp
  /** false when a stored record is irregular (a key that is not its bdb's uid, a malformed field) or the memory total
   * may have been rounded: every question is then answered by scanning, as before the index existed */
  exact = true
  private readonly entries = new Map<string, Entry>()
  private readonly portOwners = new Map<unknown, Set<Entry>>()
  private readonly nameOwners = new Map<unknown, Set<Entry>>()
  private shards = 0
  private memory = 0
  /** every auto-assignable port below this one is taken or reserved (in `reservedFor`) */
  private freeFrom = FIRST_AUTO_PORT
  private reservedFor: Set<number> | undefined

  constructor(bdbs: Record<string, Bdb>) {
    for (const [key, bdb] of Object.entries(bdbs)) this.add(key, bdb)
  }

  add(key: string, bdb: Bdb): void {
    this.remove(key)
    const endpoints = bdb.endpoints as JsonObject[] | undefined
    const regular =
      String(bdb.uid) === key &&
      Array.isArray(bdb.shard_list) &&
      Array.isArray(endpoints) &&
      endpoints.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))
    if (!regular) {
      this.exact = false
      return
    }
    const entry: Entry = { uid: bdb.uid, name: bdb.name, ports: endpoints.map((e) => e.port), shards: bdb.shard_list.length, memory: memoryNeeded(bdb) }
    this.entries.set(key, entry)
    let named = this.nameOwners.get(entry.name)
    if (!named) this.nameOwners.set(entry.name, (named = new Set()))
    named.add(entry)
    for (const port of entry.ports) {
      let owners = this.portOwners.get(port)
      if (!owners) this.portOwners.set(port, (owners = new Set()))
      owners.add(entry)
    }
    this.shards += entry.shards
    this.memory += entry.memory
    // integers whose running total stays safe add up to the same sum in any order
    if (!Number.isSafeInteger(entry.memory) || !Number.isSafeInteger(this.memory)) this.exact = false
  }

  remove(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    const named = this.nameOwners.get(entry.name)
    named?.delete(entry)
    if (named?.size === 0) this.nameOwners.delete(entry.name)
    for (const port of entry.ports) {
      const owners = this.portOwners.get(port)
      if (!owners) continue
      owners.delete(entry)
      if (owners.size > 0) continue
      this.portOwners.delete(port)
      if (typeof port === 'number' && port >= FIRST_AUTO_PORT && port < this.freeFrom) this.freeFrom = port
    }
    this.shards -= entry.shards
    this.memory -= entry.memory
  }

  /** Whether a bdb other than `exceptUid` has an endpoint on the port. */
  portTaken(port: unknown, exceptUid: number | undefined): boolean {
    const owners = this.portOwners.get(port)
    if (!owners) return false
    for (const entry of owners) if (entry.uid !== exceptUid) return true
    return false
  }

  /** Whether a bdb other than `exceptUid` has the name. */
  nameTaken(name: string, exceptUid: number | undefined): boolean {
    for (const entry of this.nameOwners.get(name) ?? []) if (entry.uid !== exceptUid) return true
    return false
  }

  /** The lowest auto-assignable port neither taken nor reserved. */
  firstFreePort(reserved: Set<number>): number | undefined {
    if (reserved !== this.reservedFor) {
      this.reservedFor = reserved
      this.freeFrom = FIRST_AUTO_PORT
    }
    for (let port = this.freeFrom; port <= LAST_AUTO_PORT; port++) {
      if (!this.portOwners.has(port) && !reserved.has(port)) {
        this.freeFrom = port
        return port
      }
    }
    this.freeFrom = LAST_AUTO_PORT + 1
    return undefined
  }

  shardsExcept(uid: number | undefined): number {
    return this.shards - (uid === undefined ? 0 : (this.entries.get(String(uid))?.shards ?? 0))
  }

  memoryExcept(uid: number | undefined): number {
    return this.memory - (uid === undefined ? 0 : (this.entries.get(String(uid))?.memory ?? 0))
  }
}

function define(holder: Holder, key: symbol, value: unknown): void {
  Object.defineProperty(holder, key, { value, writable: true, configurable: true, enumerable: false })
}

/** The index of a live `bdbs` object, built when missing or no longer matching it. */
export function bdbIndex(bdbs: Record<string, Bdb>): BdbIndex {
  const holder = bdbs as unknown as Holder
  const current = holder[INDEX] as BdbIndex | undefined
  if (current && holder[STAMP] === current.stamp) return current
  const built = new BdbIndex(bdbs)
  define(holder, INDEX, built)
  define(holder, STAMP, built.stamp)
  return built
}

/**
 * In a recipe, after `draftBdbs[key]` was set to `stored` (or deleted: undefined) through the draft: updates the index
 * if it is current, under a new stamp written through the draft so that a rollback makes the index stale.
 */
export function noteBdbChange(draftBdbs: Record<string, Bdb>, key: string, stored: Bdb | undefined): void {
  // symbol-keyed reads through a draft give the raw value
  const holder = draftBdbs as unknown as Holder
  const index = holder[INDEX] as BdbIndex | undefined
  if (!index || holder[STAMP] !== index.stamp) return
  if (stored) index.add(key, stored)
  else index.remove(key)
  index.stamp = ++lastStamp
  holder[STAMP] = index.stamp
}

// ---- the questions the rules ask, answered by the index or, for an irregular slice, by scanning ----

export function portInUse(slice: RedisEnterpriseSlice, port: number, exceptUid: number | undefined): boolean {
  const index = bdbIndex(slice.bdbs)
  return index.exact ? index.portTaken(port, exceptUid) : usedPorts(slice, exceptUid).has(port)
}

export function nameInUse(slice: RedisEnterpriseSlice, name: string, exceptUid: number | undefined): boolean {
  const index = bdbIndex(slice.bdbs)
  if (index.exact) return index.nameTaken(name, exceptUid)
  return Object.values(slice.bdbs).some((b) => b.name === name && b.uid !== exceptUid)
}

export function firstFreePort(slice: RedisEnterpriseSlice, catalogue: Catalogue): number | undefined {
  const index = bdbIndex(slice.bdbs)
  const reserved = reservedPorts(catalogue)
  if (index.exact) return index.firstFreePort(reserved)
  const used = usedPorts(slice)
  for (let port = FIRST_AUTO_PORT; port <= LAST_AUTO_PORT; port++) if (!used.has(port) && !reserved.has(port)) return port
  return undefined
}

export function shardsInUse(slice: RedisEnterpriseSlice, nodes: number, exceptUid: number | undefined): number {
  const index = bdbIndex(slice.bdbs)
  if (index.exact) return index.shardsExcept(exceptUid)
  return allShards(slice, nodes).filter((s) => s.bdb_uid !== exceptUid).length
}

export function memoryInUse(slice: RedisEnterpriseSlice, exceptUid: number | undefined): number {
  const index = bdbIndex(slice.bdbs)
  if (index.exact) return index.memoryExcept(exceptUid)
  return Object.values(slice.bdbs)
    .filter((b) => b.uid !== exceptUid)
    .reduce((sum, b) => sum + memoryNeeded(b), 0)
}
