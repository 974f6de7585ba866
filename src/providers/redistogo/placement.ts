// Per-server usage (memory in use, ports taken) derived from the stored instances, so that placing a new instance
// costs O(log n) instead of a scan of the whole store. Not stored: a module-level WeakMap keyed by the slice's
// `instances` object, built on first use. Every slice that replaces the stored one (reset, seed, state import,
// restart) comes with a new `instances` object and so gets a fresh index; the changes made in place (create, delete,
// plan upgrade) update it from inside their write recipe, after the last statement that can throw. Status changes
// (the lifecycle) do not touch server_id, port or memory, the only fields indexed.
import { FIRST_PORT, nextFreePort, usedMemory, type Instance } from './model.js'

/** Above this, a running total could round: the server falls back to a scan (same result as before, in the same order). */
const EXACT_LIMIT = 2 ** 52

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = []

  get size(): number {
    return this.items.length
  }

  peek(): number | undefined {
    return this.items[0]
  }

  push(value: number): void {
    const items = this.items
    let i = items.push(value) - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (items[parent] <= value) break
      items[i] = items[parent]
      i = parent
    }
    items[i] = value
  }

  pop(): number | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length === 0 || last === undefined) return top
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= items.length) break
      const right = left + 1
      const child = right < items.length && items[right] < items[left] ? right : left
      if (items[child] >= last) break
      items[i] = items[child]
      i = child
    }
    items[i] = last
    return top
  }
}

/** What one server has in use. */
class ServerUsage {
  memory = 0
  private absoluteMemory = 0
  /** false once a memory value is not a safe integer or the totals get near 2^53: usedMemory then scans. */
  exact = true
  /** Port -> how many of the server's instances have it (a state document may repeat one). */
  private readonly ports = new Map<unknown, number>()
  /** Every free port in [FIRST_PORT, high) is in `holes` (which may also hold ports taken since: skipped lazily). */
  private high = FIRST_PORT
  private readonly holes = new MinHeap()

  addMemory(memory: number, sign: 1 | -1): void {
    if (!this.exact) return
    if (!Number.isSafeInteger(memory)) {
      this.exact = false
      return
    }
    this.memory += sign * memory
    this.absoluteMemory += sign * Math.abs(memory)
    if (this.absoluteMemory > EXACT_LIMIT) this.exact = false
  }

  takePort(port: unknown): void {
    this.ports.set(port, (this.ports.get(port) ?? 0) + 1)
  }

  releasePort(port: unknown): void {
    const count = this.ports.get(port) ?? 0
    if (count > 1) {
      this.ports.set(port, count - 1)
      return
    }
    this.ports.delete(port)
    if (typeof port === 'number' && Number.isInteger(port) && port >= FIRST_PORT && port < this.high) this.holes.push(port)
  }

  /** The lowest port from FIRST_PORT up that no instance of the server has (model.ts nextFreePort). */
  nextFreePort(): number {
    while (this.holes.size > 0) {
      const hole = this.holes.peek() as number
      if (!this.ports.has(hole)) return hole
      this.holes.pop()
    }
    while (this.ports.has(this.high)) this.high++
    return this.high
  }
}

interface Indexed {
  serverId: unknown
  port: unknown
  memory: number
}

export class PlacementIndex {
  private readonly servers = new Map<unknown, ServerUsage>()
  /** Instance key -> the values it was indexed with, so removal does not depend on the record still being intact. */
  private readonly entries = new Map<string, Indexed>()

  constructor(private readonly instances: Record<string, Instance>) {
    for (const [key, instance] of Object.entries(instances)) this.add(key, instance)
  }

  private usage(serverId: unknown): ServerUsage {
    let usage = this.servers.get(serverId)
    if (!usage) this.servers.set(serverId, (usage = new ServerUsage()))
    return usage
  }

  /** model.ts usedMemory(instances, serverId), without the scan. */
  usedMemory(serverId: number): number {
    const usage = this.servers.get(serverId)
    if (!usage) return 0
    return usage.exact ? usage.memory : usedMemory(Object.values(this.instances), serverId)
  }

  /** model.ts nextFreePort(instances, serverId), without the scan. */
  nextFreePort(serverId: number): number {
    return this.servers.get(serverId)?.nextFreePort() ?? FIRST_PORT
  }

  /** The record stored under `key` (a new one, or one whose indexed fields changed: remove it first). */
  add(key: string, instance: Instance): void {
    const old = this.entries.get(key)
    if (old && old.serverId === instance.server_id && old.port === instance.port) {
      // A plan change: only the memory moves.
      const usage = this.usage(old.serverId)
      usage.addMemory(old.memory, -1)
      usage.addMemory((old.memory = instance.memory), 1)
      return
    }
    this.remove(key)
    const entry: Indexed = { serverId: instance.server_id, port: instance.port, memory: instance.memory }
    this.entries.set(key, entry)
    const usage = this.usage(entry.serverId)
    usage.addMemory(entry.memory, 1)
    usage.takePort(entry.port)
  }

  /** The record stored under `key` is gone (or about to be indexed again). */
  remove(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    const usage = this.usage(entry.serverId)
    usage.addMemory(entry.memory, -1)
    usage.releasePort(entry.port)
  }
}

const indexes = new WeakMap<Record<string, Instance>, PlacementIndex>()

/** The index of a stored `instances` object (the live one, never a draft proxy), built on first use. */
export function placementIndex(instances: Record<string, Instance>): PlacementIndex {
  let index = indexes.get(instances)
  if (!index) indexes.set(instances, (index = new PlacementIndex(instances)))
  return index
}

/** For tests: what the index answers and what a full scan answers, per server id. */
export function placementCheck(instances: Record<string, Instance>, serverIds: number[]) {
  const index = placementIndex(instances)
  const all = Object.values(instances)
  return serverIds.map((id) => ({
    id,
    indexed: { memory: index.usedMemory(id), port: index.nextFreePort(id) },
    scanned: { memory: usedMemory(all, id), port: nextFreePort(all, id) },
  }))
}
