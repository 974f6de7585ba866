// Real-Redis mode (--real-redis): keeps one redis-server per resource that a provider's state wants, reconciling
// after every committed change; ports, a cap on concurrent servers, readiness, and no orphans on exit.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Draft } from './store.js'
import type { Store } from './store.js'
import { findRedisServer, RealRedisSetupError } from './redis-binary.js'
import { anyFreePort, canBind, claimPort, processAlive, releasePort } from './redis-ports.js'
import { LOOPBACK, RedisServer, useRedisVersion, type RedisServerSpec } from './redis-server.js'
import { RespError, type RespValue } from './resp.js'

export type { RedisServerSpec } from './redis-server.js'
export { RealRedisSetupError } from './redis-binary.js'

/** What a provider declares: the servers its state wants, and its error state for a server that died. */
export interface RealRedisBinding<S> {
  /** Server key (unique in the provider, e.g. the resource id) -> what that server must be. */
  servers(slice: S): Record<string, RedisServerSpec>
  /** The server behind `key` died or could not start: put the resource in the provider's error state, if it has one. */
  failed?(draft: Draft<S>, key: string): void
}

/** Creating past --real-redis-max-servers: each provider answers its own quota or resources error. */
export class RealRedisFullError extends Error {}

export interface PortLease {
  port: number
  /** Call once the resource is stored (or its creation failed): the server itself now counts against the cap. */
  release(): void
}

/** What a provider's services and transitions see of the mode (ctx.realRedis; undefined when the mode is off). */
export interface RealRedisAccess {
  /** The host every server listens on, for the endpoints the APIs report. */
  host: string
  /**
   * A free port for a new server, the preferred one when it is free; throws RealRedisFullError at the cap.
   * `moving`: for an existing server that changes port (no new slot is taken).
   */
  lease(preferredPort?: number, moving?: boolean): Promise<PortLease>
  /** Whether the server behind `key` answers PING (true when there is no such server). */
  ready(key: string): boolean
  /** Resolves when no server of this provider is still starting. */
  whenStarted(): Promise<void>
  /** FLUSHALL on the server behind `key` (nothing when there is none). */
  flush(key: string): Promise<void>
  /**
   * Runs commands as the emulator's admin user on the server behind `key`, in order on one connection (so a SELECT
   * holds for the commands after it); their replies, a RespError for a failed one. undefined when no server is ready.
   */
  commands(key: string, commands: string[][]): Promise<(RespValue | RespError)[] | undefined>
  /** The INFO text of the server behind `key`; undefined when there is none or it does not answer (statistics read it). */
  info(key: string): Promise<string | undefined>
  /**
   * An RDB snapshot (SAVE) of the server behind `key`, kept under `name` until the emulator stops (like the servers'
   * data); its size in bytes, or undefined when there is no running server.
   */
  snapshot(key: string, name: string): Promise<number | undefined>
  /** Loads snapshot `name` into the server behind `key`, replacing its keys; false when the snapshot or server is gone. */
  restore(key: string, name: string): Promise<boolean>
  /** Whether snapshot `name` is still kept. */
  hasSnapshot(name: string): boolean
  /** The bytes of snapshot `name`, or undefined when it is not kept. */
  readSnapshot(name: string): Promise<Buffer | undefined>
  // The three below are optional so that a hand-made access (tests) may leave them out.
  /** One command on the server behind `key` as the emulator's admin (undefined when there is no ready server). */
  command?(key: string, args: string[]): Promise<RespValue | undefined>
  /** SAVE on the server behind `key`, then its dump.rdb copied to `file`. Throws when there is no ready server. */
  saveRdb?(key: string, file: string): Promise<void>
  /**
   * The keys of the RDB `file` copied into the server behind `key` (after FLUSHALL when `flush`): a throw-away server
   * loads the file and MIGRATEs every key over. Throws RdbLoadError when the file is not a loadable RDB.
   */
  loadRdb?(key: string, file: string, flush: boolean): Promise<void>
}

/** loadRdb: redis-server would not load the file. */
export class RdbLoadError extends Error {}

interface Entry {
  providerId: string
  key: string
  /** The latest spec the provider wants; the server catches up in `ops`. */
  desired: RedisServerSpec
  server: RedisServer
  /** Changes applied one after another. */
  ops: Promise<void>
}

export interface RealRedisOptions {
  binary?: string
  maxServers: number
}

const sameSpec = (a: RedisServerSpec, b: RedisServerSpec) => JSON.stringify(a) === JSON.stringify(b)
/** redis-server cannot change these while it runs. */
const needsRestart = (a: RedisServerSpec, b: RedisServerSpec) =>
  a.port !== b.port || (a.databases ?? 16) !== (b.databases ?? 16) || Boolean(a.cluster) !== Boolean(b.cluster)

const live = new Set<RealRedis>()
let exitHookInstalled = false
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // Last resort when the process exits without close() (process.exit, an uncaught error): no orphans.
  process.on('exit', () => {
    for (const manager of live) manager.killNow()
  })
}

const WORK_DIR_PREFIX = 'rce-real-redis-'
const OWNER_FILE = 'owner.pid'

/** Work folders left by an emulator that was killed (SIGKILL leaves no time to clean up); its servers died with it. */
function removeDeadWorkDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(WORK_DIR_PREFIX)) continue
    try {
      const owner = Number(readFileSync(join(tmpdir(), name, OWNER_FILE), 'utf-8'))
      if (owner && owner !== process.pid && !processAlive(owner)) rmSync(join(tmpdir(), name), { recursive: true, force: true })
    } catch {
      // not a work folder, or one being created or removed right now
    }
  }
}

interface BoundProvider {
  id: string
  binding: RealRedisBinding<unknown>
}

export class RealRedis {
  private readonly entries = new Map<string, Entry>()
  private readonly leases = new Set<{ port: number }>()
  private readonly stopping = new Set<Promise<void>>()
  private readonly seen = new Map<string, number>()
  private readonly dir = mkdtempSync(join(tmpdir(), WORK_DIR_PREFIX))
  private providers: BoundProvider[] = []
  private store?: Store
  private serial = 0
  private closed = false

  private constructor(
    private readonly binary: string,
    readonly maxServers: number,
  ) {
    removeDeadWorkDirs()
    writeFileSync(join(this.dir, OWNER_FILE), String(process.pid))
    live.add(this)
    installExitHook()
  }

  static create(options: RealRedisOptions): RealRedis {
    const { binary, version } = findRedisServer(options.binary)
    const major = Number(version.split('.')[0])
    if (!(major >= 6)) throw new RealRedisSetupError(`--real-redis needs redis-server 6 or newer (ACL users); ${binary} is ${version}`)
    useRedisVersion(version)
    return new RealRedis(binary, options.maxServers)
  }

  /** Where each server keeps its config file; tests look for leftover processes by it. */
  get workDir(): string {
    return this.dir
  }

  attach(store: Store, providers: BoundProvider[]): void {
    this.store = store
    this.providers = providers
  }

  private fullKey(providerId: string, key: string): string {
    return `${providerId}\u0000${key}`
  }

  /** Starts, reconfigures and stops servers so they match what every provider's state wants now. Synchronous. */
  reconcile(): void {
    if (!this.store || this.closed) return
    for (const { id, binding } of this.providers) {
      const revision = this.store.revision(id)
      if (this.seen.get(id) === revision) continue
      this.seen.set(id, revision)
      const slice = this.store.read<unknown>(id)
      const wanted = binding.servers(slice)
      for (const entry of [...this.entries.values()]) {
        if (entry.providerId === id && !Object.hasOwn(wanted, entry.key)) this.remove(entry)
      }
      for (const [key, spec] of Object.entries(wanted)) this.bring(id, key, spec)
    }
  }

  /** reconcile(), then wait until every change it started (not a server's start) has reached the servers. */
  async apply(): Promise<void> {
    this.reconcile()
    await Promise.all([...[...this.entries.values()].map((e) => e.ops), ...this.stopping])
  }

  private bring(providerId: string, key: string, spec: RedisServerSpec): void {
    const full = this.fullKey(providerId, key)
    const entry = this.entries.get(full)
    if (!entry) {
      const server = this.start(providerId, key, spec)
      this.entries.set(full, { providerId, key, desired: spec, server, ops: Promise.resolve() })
      return
    }
    if (sameSpec(entry.desired, spec)) return
    const previous = entry.desired
    entry.desired = spec
    const restart = needsRestart(previous, spec) || entry.server.state === 'dead'
    entry.ops = entry.ops
      .then(async () => {
        if (!restart) {
          await entry.server.ready
          return entry.server.reconfigure(spec)
        }
        const old = entry.server
        await old.stop()
        if (old.spec.port !== entry.desired.port && !this.portTaken(old.spec.port)) releasePort(old.spec.port)
        if (this.entries.get(full) !== entry || this.closed) return
        entry.server = this.start(providerId, key, entry.desired)
        await entry.server.ready
      })
      .catch((err: Error) => console.error(`[real-redis] ${providerId} ${key}: ${err.message}`))
  }

  private remove(entry: Entry): void {
    this.entries.delete(this.fullKey(entry.providerId, entry.key))
    const stopped = entry.ops.then(() => entry.server.stop()).then(() => {
      if (!this.portTaken(entry.server.spec.port)) releasePort(entry.server.spec.port)
    })
    this.stopping.add(stopped)
    void stopped.finally(() => this.stopping.delete(stopped))
  }

  private start(providerId: string, key: string, spec: RedisServerSpec): RedisServer {
    const dir = join(this.dir, providerId, `${key.replace(/[^A-Za-z0-9_.-]/g, '_')}-${++this.serial}`)
    mkdirSync(dir, { recursive: true })
    claimPort(spec.port) // a stored port after a restart; a leased one is already ours
    return new RedisServer(spec, this.binary, dir, (server, detail) => this.died(providerId, key, server, detail), anyFreePort)
  }

  private died(providerId: string, key: string, server: RedisServer, detail: string): void {
    const entry = this.entries.get(this.fullKey(providerId, key))
    if (this.closed || !entry || entry.server !== server) return
    console.error(`[real-redis] ${providerId} ${key}: redis-server on port ${server.spec.port} stopped: ${detail || 'no output'}`)
    const binding = this.providers.find((p) => p.id === providerId)?.binding
    if (!binding?.failed || !this.store) return
    this.store
      .mutate<unknown>(providerId, (draft) => binding.failed!(draft as Draft<unknown>, key))
      .then(() => this.apply())
      .catch((err: Error) => console.error(`[real-redis] ${providerId} ${key}: cannot record the failure: ${err.message}`))
  }

  private portTaken(port: number): boolean {
    for (const entry of this.entries.values()) if (entry.desired.port === port) return true
    for (const lease of this.leases) if (lease.port === port) return true
    return false
  }

  /** `moving`: for a server that changes port, which takes no new slot. */
  async lease(preferredPort?: number, moving = false): Promise<PortLease> {
    if (!moving && this.entries.size + this.leases.size >= this.maxServers) {
      throw new RealRedisFullError(`the emulator runs at most ${this.maxServers} real Redis servers (--real-redis-max-servers)`)
    }
    const held = { port: -1 }
    this.leases.add(held)
    try {
      let port: number | undefined
      if (preferredPort !== undefined && !this.portTaken(preferredPort) && claimPort(preferredPort)) {
        if (await canBind(preferredPort)) port = preferredPort
        else releasePort(preferredPort)
      }
      while (port === undefined) {
        const candidate = await anyFreePort()
        if (!this.portTaken(candidate) && claimPort(candidate)) port = candidate
      }
      held.port = port
      const leased = port
      return {
        port,
        release: () => {
          this.leases.delete(held)
          // the creation failed: no server took the port
          if (!this.portTaken(leased)) releasePort(leased)
        },
      }
    } catch (err) {
      this.leases.delete(held)
      throw err
    }
  }

  /** The provider-bound view handed to its services and transitions. */
  forProvider(providerId: string): RealRedisAccess {
    return {
      host: LOOPBACK,
      lease: (preferred, moving) => this.lease(preferred, moving),
      ready: (key) => {
        const entry = this.entries.get(this.fullKey(providerId, key))
        return !entry || entry.server.state === 'ready'
      },
      whenStarted: () => this.whenStarted(providerId),
      flush: async (key) => {
        const entry = this.entries.get(this.fullKey(providerId, key))
        if (!entry) return
        await entry.ops
        if (entry.server.state !== 'ready') return
        await entry.server.admin([['FLUSHALL']])
      },
      commands: async (key, commands) => {
        const entry = this.entries.get(this.fullKey(providerId, key))
        if (!entry) return undefined
        await entry.ops
        if (entry.server.state !== 'ready') return undefined
        // the first reply answers the admin AUTH
        return (await entry.server.admin(commands)).slice(1)
      },
      info: async (key) => {
        const entry = this.entries.get(this.fullKey(providerId, key))
        if (!entry || entry.server.state !== 'ready') return undefined
        try {
          const [, info] = await entry.server.admin([['INFO', 'everything']])
          return typeof info === 'string' ? info : undefined
        } catch {
          return undefined
        }
      },
      snapshot: (key, name) => this.onServer(providerId, key, (server) => server.snapshot(this.snapshotFile(providerId, name))),
      restore: async (key, name) => {
        const file = this.snapshotFile(providerId, name)
        if (!existsSync(file)) return false
        return (await this.onServer(providerId, key, (server) => server.load(file).then(() => true))) ?? false
      },
      hasSnapshot: (name) => existsSync(this.snapshotFile(providerId, name)),
      readSnapshot: async (name) => {
        const file = this.snapshotFile(providerId, name)
        return existsSync(file) ? readFile(file) : undefined
      },
      command: async (key, args) => {
        const server = await this.readyServer(providerId, key)
        if (!server) return undefined
        const [, reply] = await server.admin([args])
        if (reply instanceof RespError) throw reply
        return reply
      },
      saveRdb: async (key, file) => {
        const server = await this.readyServer(providerId, key)
        if (!server) throw new Error(`no running server for ${key}`)
        const [, saved] = await server.admin([['SAVE']], 60_000)
        if (saved instanceof RespError) throw saved
        copyFileSync(join(server.dataDir, 'dump.rdb'), file)
      },
      loadRdb: (key, file, flush) => this.loadRdb(providerId, key, file, flush),
    }
  }

  private async readyServer(providerId: string, key: string): Promise<RedisServer | undefined> {
    const entry = this.entries.get(this.fullKey(providerId, key))
    if (!entry) return undefined
    await entry.ops
    await entry.server.ready
    return entry.server.state === 'ready' ? entry.server : undefined
  }

  private async loadRdb(providerId: string, key: string, file: string, flush: boolean): Promise<void> {
    const target = await this.readyServer(providerId, key)
    if (!target) throw new Error(`no running server for ${key}`)
    const dir = join(this.dir, 'rdb-load', String(++this.serial))
    mkdirSync(dir, { recursive: true })
    try {
      copyFileSync(file, join(dir, 'dump.rdb'))
    } catch (err) {
      rmSync(dir, { recursive: true, force: true })
      throw new RdbLoadError(`cannot read ${file}: ${(err as Error).message}`)
    }
    let port = await anyFreePort()
    while (this.portTaken(port) || !claimPort(port)) port = await anyFreePort()
    // a throw-away server on the file: redis-server loads dump.rdb from its folder at start. Key names are read as
    // UTF-8 text (resp.ts), so keys whose names are not valid UTF-8 are not carried over.
    const source = new RedisServer({ port, password: '', maxmemoryBytes: 0 }, this.binary, dir, () => undefined, anyFreePort)
    try {
      if (!(await source.ready)) throw new RdbLoadError(`${file} is not an RDB file redis-server can load`)
      if (flush) await target.admin([['FLUSHALL']])
      let cursor = '0'
      do {
        const [, page] = await source.admin([['SCAN', cursor, 'COUNT', '500']])
        if (!Array.isArray(page)) throw new Error('SCAN gave no page')
        cursor = String(page[0])
        const keys = (page[1] as RespValue[]).map(String)
        if (keys.length === 0) continue
        const [, moved] = await source.admin([['MIGRATE', LOOPBACK, String(target.spec.port), '', '0', '10000', 'COPY', 'REPLACE', ...target.migrateAuth(), 'KEYS', ...keys]], 30_000)
        if (moved instanceof RespError) throw moved
      } while (cursor !== '0')
    } finally {
      await source.stop()
      releasePort(port)
      rmSync(dir, { recursive: true, force: true })
    }
  }

  private snapshotFile(providerId: string, name: string): string {
    const dir = join(this.dir, 'snapshots', providerId)
    mkdirSync(dir, { recursive: true })
    return join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.rdb`)
  }

  /** Runs `work` on a ready server after its pending changes, in turn with them; undefined when there is none. */
  private async onServer<T>(providerId: string, key: string, work: (server: RedisServer) => Promise<T>): Promise<T | undefined> {
    const entry = this.entries.get(this.fullKey(providerId, key))
    if (!entry) return undefined
    const run = entry.ops.then(async () => ((await entry.server.ready) && entry.server.state === 'ready' ? work(entry.server) : undefined))
    // later changes wait for this one, but never fail because of it
    entry.ops = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  /** Waits until no server (of one provider, or of all) is still starting; a server gives up after its own timeout. */
  async whenStarted(providerId?: string): Promise<void> {
    const starting = [...this.entries.values()].filter((e) => (!providerId || e.providerId === providerId) && e.server.state === 'starting')
    await Promise.all(starting.map((e) => e.server.ready))
  }

  /** The ports of the servers now running, by provider and key (for tests and the banner). */
  servers(): { providerId: string; key: string; port: number; state: string; pid?: number }[] {
    return [...this.entries.values()].map((e) => ({ providerId: e.providerId, key: e.key, port: e.desired.port, state: e.server.state, pid: e.server.pid }))
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const entries = [...this.entries.values()]
    this.entries.clear()
    await Promise.all([...entries.map((e) => e.server.stop()), ...this.stopping])
    for (const entry of entries) releasePort(entry.server.spec.port)
    live.delete(this)
    rmSync(this.dir, { recursive: true, force: true })
  }

  killNow(): void {
    for (const entry of this.entries.values()) {
      entry.server.killNow()
      releasePort(entry.server.spec.port)
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/**
 * The store as providers and the control plane see it in real-Redis mode: every committed change is followed by a
 * reconcile, awaited, so a 2xx is sent only once the live servers match it (a new password works, a deleted
 * database's port is closed).
 */
export function reconcilingStore(store: Store, realRedis: RealRedis): Store {
  const after = async () => {
    try {
      await realRedis.apply()
    } catch (err) {
      console.error(`[real-redis] ${(err as Error).message}`)
    }
  }
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      if (prop === 'mutate' || prop === 'replaceSlices' || prop === 'reset') {
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
          await after()
          return result
        }
      }
      return (value as (...a: unknown[]) => unknown).bind(target)
    },
  })
}
