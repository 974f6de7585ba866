// Redis To Go wire types, catalogues (plans, servers, accounts from fixtures/redistogo/) and instance creation defaults.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { emptyLifecycle, type LifecycleSlice } from '../../core/lifecycle.js'
import { alphabets, randomString } from '../../core/ids.js'

/** seed 003 (newer /instances/1.xml example): every field, in the order the seed's XML lists them. */
export interface Instance {
  label: string | null
  last_bgrewriteaof_at: string | null
  persistence: string
  plan: string
  vm_size: number
  created_at: string
  master_password: string | null
  vm_page_size: number
  memory: number
  port: number
  server_id: number
  slave: boolean
  timeout: number
  updated_at: string
  databases: number
  memory_limit_notification: boolean
  hash_max_zipmap_value: number
  id: number
  hash_max_zipmap_entries: number
  snapshots: string[]
  user_id: number
  version: string
  vm_max_memory: number
  activerehashing: boolean
  appendfsync: string
  master_host: string | null
  vm_enabled: boolean
  connections: number
  last_backup_at: string | null
  password: string
  status: InstanceStatus
  master_port: number | null
  vm_max_threads: number
  url: string
  hostname: string
}

/** seed 003: the only documented statuses. */
export type InstanceStatus = 'new' | 'running'

export interface Plan {
  plan: string
  memory: number
  connections: number
  provisional: boolean
}

export interface Server {
  id: number
  name: string
  hostname: string
  memory_capacity: number
}

export interface Account {
  username: string
  password: string
  user_id: number
}

export interface RedistogoSlice extends LifecycleSlice {
  /** Keyed by the id as a string; records are in wire shape. */
  instances: Record<string, Instance>
  plans: Plan[]
  servers: Server[]
  accounts: Account[]
  sequences: Record<string, number>
}

function readFixture<T>(fixturesDir: string, file: string, key: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, 'redistogo', file), 'utf-8'))[key] as T
}

export function emptyRedistogoSlice(fixturesDir: string): RedistogoSlice {
  return {
    lifecycle: emptyLifecycle(),
    instances: {},
    plans: readFixture<Plan[]>(fixturesDir, 'plans.json', 'plans').map(({ plan, memory, connections, provisional }) => ({
      plan,
      memory,
      connections,
      provisional,
    })),
    servers: readFixture<Server[]>(fixturesDir, 'servers.json', 'servers'),
    accounts: readFixture<Account[]>(fixturesDir, 'accounts.json', 'accounts'),
    sequences: {},
  }
}

/** seed 003: datetimes are ISO 8601 to the second, in UTC with a Z ("2010-12-20T00:35:22Z"). */
let lastRailsTime = { ms: Number.NaN, text: '' }

export function railsTime(ms: number): string {
  // the last answer kept: transitions that fell due together share their moment (issue #20)
  if (lastRailsTime.ms !== ms) lastRailsTime = { ms, text: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') }
  return lastRailsTime.text
}

/** seed 003: vm_max_memory 94371840 for memory 104857600, i.e. 90% of the plan's memory. */
export function vmMaxMemory(memory: number): number {
  return Math.floor(memory * 0.9)
}

// seed 003 newer example: the first port handed out on a server is 9001.
export const FIRST_PORT = 9001

export function nextFreePort(instances: Iterable<Instance>, serverId: number): number {
  const used = new Set<number>()
  for (const i of instances) if (i.server_id === serverId) used.add(i.port)
  let port = FIRST_PORT
  while (used.has(port)) port++
  return port
}

export function usedMemory(instances: Iterable<Instance>, serverId: number): number {
  let total = 0
  for (const i of instances) if (i.server_id === serverId) total += i.memory
  return total
}

export function connectionUrl(username: string, password: string, hostname: string, port: number): string {
  // seed 003: url "redis://waratuman:<password>@<hostname>:9001/" (the account's username, the instance's password).
  return `redis://${username}:${password}@${hostname}:${port}/`
}

export interface NewInstance {
  id: number
  plan: Plan
  server: Server
  port: number
  account: Account
  now: number
  /** Real-Redis mode: the host of the instance's own redis-server, instead of the server's name. */
  realHost?: string
}

/** Creation defaults: the values of seed 003's newer example, sized by the plan. */
export function newInstance({ id, plan, server, port, account, now, realHost }: NewInstance): Instance {
  const hostname = realHost ?? server.hostname
  const password = randomString(32, alphabets.HEX)
  const created = railsTime(now)
  return {
    // seed 003: label "server-9001" / "-9001": the server's name and the port.
    label: `${server.name}-${port}`,
    last_bgrewriteaof_at: null,
    persistence: 'aof',
    plan: plan.plan,
    vm_size: 0,
    created_at: created,
    master_password: null,
    vm_page_size: 32,
    memory: plan.memory,
    port,
    server_id: server.id,
    slave: false,
    timeout: 150,
    updated_at: created,
    databases: 1,
    memory_limit_notification: false,
    hash_max_zipmap_value: 512,
    id,
    hash_max_zipmap_entries: 64,
    snapshots: ['900 1', '300 10', '60 10000'],
    user_id: account.user_id,
    version: 'v2.0.4-stable',
    vm_max_memory: vmMaxMemory(plan.memory),
    activerehashing: true,
    appendfsync: 'everysec',
    master_host: null,
    vm_enabled: false,
    connections: plan.connections,
    last_backup_at: null,
    password,
    status: 'new',
    master_port: null,
    vm_max_threads: 4,
    url: connectionUrl(account.username, password, hostname, port),
    hostname,
  }
}

/** How each field is typed in XML (seed 003's type attributes); absent means an untyped string element. */
export const XML_FIELD_TYPES: Partial<Record<keyof Instance, 'integer' | 'boolean' | 'datetime' | 'array'>> = {
  last_bgrewriteaof_at: 'datetime',
  vm_size: 'integer',
  created_at: 'datetime',
  vm_page_size: 'integer',
  memory: 'integer',
  port: 'integer',
  server_id: 'integer',
  slave: 'boolean',
  timeout: 'integer',
  updated_at: 'datetime',
  databases: 'integer',
  memory_limit_notification: 'boolean',
  hash_max_zipmap_value: 'integer',
  id: 'integer',
  hash_max_zipmap_entries: 'integer',
  snapshots: 'array',
  user_id: 'integer',
  vm_max_memory: 'integer',
  activerehashing: 'boolean',
  vm_enabled: 'boolean',
  connections: 'integer',
  last_backup_at: 'datetime',
  // seed 003 writes <master-port nil="true"/> with no type attribute (unlike the nil datetimes), so Redis To Go's
  // column was untyped in XML; JSON still carries it as a number or null (reference section 3).
  vm_max_threads: 'integer',
}
