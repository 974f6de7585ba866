// Real-Redis test helpers: an emulator in real-Redis mode, a Redis client on a port, closed-port and orphan checks.
import { execFileSync } from 'node:child_process'
import { createConnection } from 'node:net'
import { createClient, createCluster } from 'redis'
import { expect } from 'vitest'
import type { EmulatorOptions } from '../../src/config.js'
import { createHarness, type Harness } from './harness.js'

export interface RealHarness extends Harness {
  close(): Promise<void>
}

/** An in-memory harness (frozen clock) whose created databases are real redis-servers; close() stops them. */
export async function createRealHarness(options: EmulatorOptions = {}, clock?: Harness['clock']): Promise<RealHarness> {
  const h = await createHarness({ realRedis: true, ...options }, clock ? { clock } : {})
  await h.emulator.realRedis!.whenStarted()
  return { ...h, close: () => h.emulator.realRedis!.close() }
}

/** Closes the harness's servers and checks that none of its redis-server processes is left. */
export async function closeChecked(h: RealHarness): Promise<void> {
  const dir = h.emulator.realRedis!.workDir
  await h.close()
  expect(redisProcesses(dir)).toEqual([])
}

export type RedisConnection = ReturnType<typeof createClient>

/** A connected node-redis client (AUTH with the given user/password); the caller closes it. */
export async function connect(port: number, auth: { username?: string; password?: string } = {}, host = '127.0.0.1'): Promise<RedisConnection> {
  const client = createClient({ socket: { host, port, reconnectStrategy: false, connectTimeout: 2_000 }, ...auth })
  client.on('error', () => {})
  await client.connect()
  return client
}

/** The error message a connection with these credentials gets (undefined when it works). */
export async function authError(port: number, auth: { username?: string; password?: string } = {}): Promise<string | undefined> {
  try {
    const client = await connect(port, auth)
    await client.ping()
    client.destroy()
    return undefined
  } catch (err) {
    return (err as Error).message
  }
}

/** Resolves true when nothing accepts connections on the port. */
export function portClosed(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

/** Command lines of redis-server processes whose arguments mention `marker` (e.g. a manager's work dir). */
export function redisProcesses(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', marker], { encoding: 'utf-8' })
      .split('\n')
      .filter((line) => line.includes('redis-server') && !line.includes('pgrep'))
  } catch {
    return [] // pgrep exits 1 when nothing matches
  }
}

/** A cluster client (node-redis createCluster) on host:port writes and reads keys of many slots. */
export async function expectClusterWorks(port: number, auth: { username?: string; password?: string } = {}): Promise<void> {
  const cluster = createCluster({
    rootNodes: [{ socket: { host: '127.0.0.1', port, reconnectStrategy: false } }],
    defaults: { ...auth, socket: { reconnectStrategy: false } },
  })
  cluster.on('error', () => {})
  await cluster.connect()
  try {
    const keys = ['a', 'b', 'c', '{user1}:x', '{user2}:y']
    for (const key of keys) await cluster.set(key, `value-${key}`)
    for (const key of keys) expect(await cluster.get(key)).toBe(`value-${key}`)
  } finally {
    cluster.destroy()
  }
}
