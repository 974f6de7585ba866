// One redis-server child process on loopback (real-Redis mode): its config file, start, readiness by PING, admin
// commands (users, memory, a one-node cluster), stop.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFile, stat } from 'node:fs/promises'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LOOPBACK, RespError, sendCommands, type RespValue } from './resp.js'

export { LOOPBACK }

/** The emulator's own ACL user on every server, so it can manage a server whatever its clients' passwords are. */
const ADMIN_USER = 'emulator-admin'
const READY_TIMEOUT_MS = 10_000
const CLUSTER_SLOTS = 16384
const STOP_TIMEOUT_MS = 3_000

/** What a provider wants one server to be (see Provider.realRedis). */
export interface RedisServerSpec {
  port: number
  /** The default user's password; '' = no password. */
  password: string
  /** false: the default user is off, only `users` can log in (a KakaoCloud DB user). */
  defaultUser?: boolean
  /** Further passwords the default user accepts (Redis Enterprise /v1/bdbs/{uid}/passwords). */
  morePasswords?: string[]
  /**
   * Further ACL users, name -> password (full access: Redis Enterprise's admin, a KakaoCloud DB user) or passwords and
   * the ACL rules that limit them (a Redis Enterprise user bound through roles_permissions).
   */
  users?: Record<string, string | RestrictedUser>
  /** 0 = no limit. */
  maxmemoryBytes: number
  /** A one-node Redis Cluster serving all 16384 slots (KakaoCloud cluster mode, Redis Enterprise OSS cluster API). */
  cluster?: boolean
  maxmemoryPolicy?: string
  databases?: number
  /** Further ACL rules per client user ('default' included), after full access: `-@write` for a read-only user. */
  userRules?: Record<string, string[]>
  /** Commands refused to every client user (ACL `-command`); one the server does not know is skipped. */
  disabledCommands?: string[]
  /** Parameters applied with CONFIG SET once the server answers and whenever they change. */
  config?: Record<string, string>
  /** Every client user is switched off and connected clients are dropped (Redis Enterprise stop_traffic). */
  trafficStopped?: boolean
}

/** An ACL user with its own rules (command, category, key and channel rules as ACL SETUSER takes them). */
export interface RestrictedUser {
  passwords: string[]
  rules: string[]
}

/** Pub/sub channel rules (`&*`) and set-proc-title exist from Redis 6.2 on; 6.0 allows every channel without them. */
let channelRules = ['&*']
let procTitle = ['set-proc-title no']
/** cluster-port (Redis 7+): the cluster bus on a port of its own, not port + 10000 (which may be taken or past 65535). */
let clusterPortSetting = true
/** Redis 7+ refuses DEBUG unless enable-debug-command allows it; the emulator needs DEBUG RELOAD to load a snapshot. */
let debugSetting = true
export function useRedisVersion(version: string): void {
  const [major, minor] = version.split('.').map(Number)
  const since62 = major > 6 || (major === 6 && minor >= 2)
  clusterPortSetting = major >= 7
  debugSetting = major >= 7
  channelRules = since62 ? ['&*'] : []
  // the command line keeps the config file's path, so tools (and the tests) can tell the emulator's servers apart
  procTitle = since62 ? ['set-proc-title no'] : []
}

function aclRules(password: string, enabled = true, more: string[] = []): string[] {
  const passwords = [password, ...more].filter(Boolean).map((p) => `>${p}`)
  return [enabled ? 'on' : 'off', ...(passwords.length ? passwords : ['nopass']), '~*', ...channelRules, '+@all']
}

/**
 * A client user's rules: full access (or a restricted user's own rules) less DEBUG, which only the emulator uses (to
 * load snapshots), then the spec's further rules for that user; switched off while traffic is stopped.
 */
function clientRules(password: string, enabled = true, more: string[] = [], extra: string[] = []): string[] {
  return [...aclRules(password, enabled, more), '-debug', ...extra]
}

function userRules(user: string | RestrictedUser, extra: string[] = [], enabled = true): string[] {
  if (typeof user === 'string') return clientRules(user, enabled, [], extra)
  return [enabled ? 'on' : 'off', ...user.passwords.map((p) => `>${p}`), ...user.rules, '-debug', ...extra]
}

/** `setpriv --pdeathsig KILL` (util-linux) makes a child die with the emulator even when the emulator is killed. */
function deathSignalWrapper(): string[] {
  const probe = spawnSync('setpriv', ['--pdeathsig', 'KILL', '--', 'true'], { timeout: 5_000 })
  return !probe.error && probe.status === 0 ? ['setpriv', '--pdeathsig', 'KILL', '--'] : []
}
let wrapper: string[] | undefined

export type ServerState = 'starting' | 'ready' | 'dead'

/** One running (or starting, or dead) redis-server. */
export class RedisServer {
  state: ServerState = 'starting'
  /** The last lines redis-server printed, for error messages. */
  private output: string[] = []
  private child?: ChildProcess
  private readonly adminPassword = randomBytes(16).toString('hex')
  private markExited!: () => void
  private readonly exited = new Promise<void>((resolve) => (this.markExited = resolve))
  readonly ready: Promise<boolean>
  private stopping = false
  /** Cluster mode on Redis 7+: the cluster bus's own port (else the default, port + 10000). */
  private busPort?: number

  constructor(
    public spec: RedisServerSpec,
    private readonly binary: string,
    private readonly dir: string,
    private readonly onUnexpectedExit: (server: RedisServer, detail: string) => void,
    private readonly freePort: () => Promise<number>,
  ) {
    void this.exited.then(() => {
      const wasStopping = this.stopping
      this.state = 'dead'
      if (!wasStopping) this.onUnexpectedExit(this, this.output.slice(-2).join(' | '))
    })
    this.ready = this.boot()
  }

  private async boot(): Promise<boolean> {
    try {
      if (this.spec.cluster && clusterPortSetting) this.busPort = await this.freePort()
      if (this.stopping) {
        this.markExited()
        return false
      }
      this.spawn()
    } catch (err) {
      // a failed start is reported like a server that stopped (never as a rejected promise)
      this.output.push((err as Error).message)
      this.markExited()
      return false
    }
    return this.waitUntilReady()
  }

  private spawn(): void {
    const configFile = join(this.dir, 'redis.conf')
    writeFileSync(configFile, this.configText(this.dir), { mode: 0o600 })
    wrapper ??= deathSignalWrapper()
    const [command, ...args] = [...wrapper, this.binary, configFile]
    // Its own process group: Ctrl-C in a terminal signals the emulator only, which then stops its servers itself
    // (a server that the terminal's SIGINT stopped first would be reported as failed).
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    this.child = child
    const keep = (chunk: Buffer) => {
      // the kernel-tuning advice redis prints at every start says nothing about why a server stopped
      this.output.push(...chunk.toString('utf-8').split('\n').filter((line) => line && !line.includes('overcommit')))
      this.output = this.output.slice(-5)
    }
    child.stdout!.on('data', keep)
    child.stderr!.on('data', keep)
    child.once('error', (err) => {
      this.output.push(err.message)
      this.markExited()
    })
    child.once('exit', (code, signal) => {
      this.output.push(signal ? `killed by ${signal}` : `exit code ${code}`)
      this.markExited()
    })
  }

  /** The server's working folder, where SAVE writes dump.rdb. */
  get dataDir(): string {
    return this.dir
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  private get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
  }

  private configText(dir: string): string {
    const { spec } = this
    const lines = [
      `bind ${LOOPBACK}`,
      `port ${spec.port}`,
      `dir "${dir}"`,
      // nothing is kept on disk: the emulator's servers are throw-away
      `save ""`,
      'appendonly no',
      'daemonize no',
      'logfile ""',
      // only warnings: "Address already in use" and the like, kept for the error message
      'loglevel warning',
      ...procTitle,
      // loopback only, and every client user is denied DEBUG by ACL: the emulator's admin loads snapshots with it
      ...(debugSetting ? ['enable-debug-command local'] : []),
      `maxmemory ${spec.maxmemoryBytes}`,
      ...(spec.maxmemoryPolicy ? [`maxmemory-policy ${spec.maxmemoryPolicy}`] : []),
      ...(spec.databases && !spec.cluster ? [`databases ${spec.databases}`] : []),
      ...(spec.cluster
        ? [
            'cluster-enabled yes',
            `cluster-config-file "${join(dir, 'nodes.conf')}"`,
            `cluster-announce-ip ${LOOPBACK}`,
            ...(this.busPort ? [`cluster-port ${this.busPort}`] : []),
          ]
        : []),
      // clients' users and passwords (any characters) are set over RESP once the server answers; until then only the
      // emulator (a hex password) can log in
      'user default reset',
      `user ${ADMIN_USER} reset ${aclRules(this.adminPassword).join(' ')}`,
    ]
    return `${lines.join('\n')}\n`
  }

  private async waitUntilReady(): Promise<boolean> {
    const deadline = Date.now() + READY_TIMEOUT_MS
    let exited = false
    void this.exited.then(() => (exited = true))
    while (!exited && Date.now() < deadline) {
      try {
        const [, pong] = await this.admin([['PING']])
        if (pong === 'PONG') return await this.open()
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 15))
    }
    if (!exited) {
      this.output.push(`no answer to PING within ${READY_TIMEOUT_MS} ms`)
      await this.stop()
      this.onUnexpectedExit(this, this.output.join(' | '))
    }
    return false
  }

  /** Lets clients in: their users and passwords. One that Redis refuses (a user name with a space) is logged. */
  private async open(): Promise<boolean> {
    try {
      if (this.spec.cluster) await this.formCluster()
      await this.applyUsers(this.spec, undefined)
      await this.applyConfig(this.spec, undefined)
    } catch (err) {
      console.error(`[real-redis] redis-server on port ${this.spec.port}: ${(err as Error).message}`)
    }
    if (this.state === 'starting') this.state = 'ready'
    return this.state === 'ready'
  }

  /** A one-node Redis Cluster: this node serves every hash slot, so cluster clients work against it. */
  private async formCluster(): Promise<void> {
    const slots = Array.from({ length: CLUSTER_SLOTS }, (_, i) => String(i))
    await this.run([['CLUSTER', 'ADDSLOTS', ...slots]])
    for (let i = 0; i < 200; i++) {
      const [, info] = await this.admin([['CLUSTER', 'INFO']])
      if (typeof info === 'string' && info.includes('cluster_state:ok')) return
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error('the one-node cluster did not reach cluster_state:ok')
  }

  /** Runs commands as the emulator's admin user; the first reply is the AUTH one. */
  admin(commands: string[][], timeoutMs?: number): Promise<(RespValue | RespError)[]> {
    return sendCommands(this.spec.port, [['AUTH', ADMIN_USER, this.adminPassword], ...commands], timeoutMs)
  }

  /** The AUTH2 arguments of a MIGRATE into this server. */
  migrateAuth(): string[] {
    return ['AUTH2', ADMIN_USER, this.adminPassword]
  }

  /** Applies a changed spec that needs no restart (passwords, users, memory); the port and databases need one. */
  async reconfigure(next: RedisServerSpec): Promise<void> {
    const previous = this.spec
    this.spec = next
    if (this.state === 'dead') return
    const trafficChanged = Boolean(next.trafficStopped) !== Boolean(previous.trafficStopped)
    // switching traffic on or off touches every client user, so they are all set again
    await this.applyUsers(next, trafficChanged ? undefined : previous)
    await this.applyConfig(next, previous)
    const commands: string[][] = []
    // users switched off keep the connections they have: drop them (SKIPME: not the emulator's own)
    if (trafficChanged && next.trafficStopped) commands.push(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'])
    if (next.maxmemoryBytes !== previous.maxmemoryBytes) commands.push(['CONFIG', 'SET', 'maxmemory', String(next.maxmemoryBytes)])
    if ((next.maxmemoryPolicy ?? 'noeviction') !== (previous.maxmemoryPolicy ?? 'noeviction')) {
      commands.push(['CONFIG', 'SET', 'maxmemory-policy', next.maxmemoryPolicy ?? 'noeviction'])
    }
    await this.run(commands)
  }

  /** The default user and the further users as `next` wants them, compared with `previous` (undefined: all). */
  private async applyUsers(next: RedisServerSpec, previous: RedisServerSpec | undefined): Promise<void> {
    const commands: string[][] = []
    const denied = next.disabledCommands ?? []
    const deniedChanged = JSON.stringify(denied) !== JSON.stringify(previous?.disabledCommands ?? [])
    const rulesOf = (spec: RedisServerSpec | undefined, name: string) => JSON.stringify(spec?.userRules?.[name] ?? [])
    const changed: string[] = []
    const defaultChanged = (a: RedisServerSpec, b: RedisServerSpec) =>
      a.password !== b.password ||
      a.defaultUser !== b.defaultUser ||
      JSON.stringify(a.morePasswords ?? []) !== JSON.stringify(b.morePasswords ?? []) ||
      rulesOf(a, 'default') !== rulesOf(b, 'default')
    const open = !next.trafficStopped
    if (!previous || deniedChanged || defaultChanged(next, previous)) {
      commands.push(['ACL', 'SETUSER', 'default', 'reset', ...clientRules(next.password, next.defaultUser !== false && open, next.morePasswords, next.userRules?.default)])
      changed.push('default')
    }
    const users = next.users ?? {}
    for (const [name, user] of Object.entries(users)) {
      if (!previous || deniedChanged || JSON.stringify(previous.users?.[name]) !== JSON.stringify(user) || rulesOf(next, name) !== rulesOf(previous, name)) {
        commands.push(['ACL', 'SETUSER', name, 'reset', ...userRules(user, next.userRules?.[name], open)])
        changed.push(name)
      }
    }
    for (const name of Object.keys(previous?.users ?? {})) if (!(name in users)) commands.push(['ACL', 'DELUSER', name])
    await this.run(commands)
    // One command per rule: Redis refuses a whole SETUSER over one command it does not know, which then needs no refusal.
    const denials = changed.flatMap((user) => denied.map((command) => ['ACL', 'SETUSER', user, `-${command}`]))
    if (denials.length) await this.admin(denials)
  }

  /** CONFIG SET for every parameter that differs from `previous` (undefined: all). */
  private async applyConfig(next: RedisServerSpec, previous: RedisServerSpec | undefined): Promise<void> {
    const commands = Object.entries(next.config ?? {})
      .filter(([name, value]) => previous?.config?.[name] !== value)
      .map(([name, value]) => ['CONFIG', 'SET', name, value])
    await this.run(commands)
  }

  /** SAVE, then a copy of the RDB file at `toFile`; its size in bytes. */
  async snapshot(toFile: string): Promise<number> {
    await this.run([['SAVE']])
    await copyFile(join(this.dir, 'dump.rdb'), toFile)
    return (await stat(toFile)).size
  }

  /** Replaces every key with the RDB file `fromFile` (users and parameters are not in an RDB and stay). */
  async load(fromFile: string): Promise<void> {
    await copyFile(fromFile, join(this.dir, 'dump.rdb'))
    await this.run([['DEBUG', 'RELOAD', 'NOSAVE']])
  }

  private async run(commands: string[][]): Promise<void> {
    if (commands.length === 0) return
    const replies = await this.admin(commands)
    const failed = replies.find((r) => r instanceof RespError)
    if (failed) throw failed
  }

  async stop(): Promise<void> {
    this.stopping = true
    const child = this.child
    if (child && this.running) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await this.exited
      clearTimeout(timer)
    } else if (!child) {
      await this.ready // not spawned yet: boot() sees `stopping` and gives up
    }
    this.state = 'dead'
  }

  /** For the process 'exit' hook: no waiting possible there. */
  killNow(): void {
    this.stopping = true
    if (this.running) this.child!.kill('SIGKILL')
  }
}
