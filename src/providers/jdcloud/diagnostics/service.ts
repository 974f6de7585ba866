// describeSlowLog, describeClientList, describeClientIpDetail (reference more §8). Without --real-redis no command
// runs anywhere, so the log and the client lists are empty; with it they come from SLOWLOG GET and CLIENT LIST.
import { isIP } from 'node:net'
import type { ProviderContext } from '../../../core/provider.js'
import { invalidArgument } from '../errors.js'
import { nodeIds, ownInstance, readSlice } from '../instance-access.js'
import { wireTime } from '../model.js'
import { ok, onServer, parseClientLine } from '../real-redis-reads.js'
import type { Scope } from '../service.js'

export interface SlowLogQuery {
  pageNumber: number
  pageSize: number
  startTime?: number
  endTime?: number
  shardId?: string
}

interface SlowLog {
  command: string
  startTime: string
  executionTime: string
  shardId: string
}

// SLOWLOG GET count: the default slowlog-max-len is 128; ask for more in case it was raised.
const SLOWLOG_COUNT = '1024'

async function readSlowLog(ctx: ProviderContext, instanceId: string, shardId: string): Promise<{ at: number; entry: SlowLog }[]> {
  const replies = await onServer(ctx, instanceId, [['SLOWLOG', 'GET', SLOWLOG_COUNT]])
  if (!replies) return []
  // each entry: [id, unix seconds, microseconds, [args...], client addr, client name]
  return ok<RespEntry[]>(replies[0]).map(([, seconds, micros, args]) => ({
    at: Number(seconds) * 1000,
    entry: {
      command: (args as string[]).join(' '),
      startTime: wireTime(Number(seconds) * 1000),
      // reference more §8: executionTime is a duration with its unit, like "12.31ms"
      executionTime: `${(Number(micros) / 1000).toFixed(2)}ms`,
      shardId,
    },
  }))
}
type RespEntry = [number, number, number, string[], string, string]

export async function describeSlowLog(ctx: ProviderContext, scope: Scope, id: string, query: SlowLogQuery) {
  const slice = readSlice(ctx)
  const stored = ownInstance(slice, scope, id)
  const nodes = nodeIds(slice, stored)
  // one real server stands for the instance: its log is the first shard's
  const entries = (await readSlowLog(ctx, id, nodes[0]))
    .filter(({ at, entry }) => (query.startTime === undefined || at >= query.startTime) && (query.endTime === undefined || at <= query.endTime) && (query.shardId === undefined || entry.shardId === query.shardId))
    .sort((a, b) => b.at - a.at)
  const start = (query.pageNumber - 1) * query.pageSize
  return { slowLogs: entries.slice(start, start + query.pageSize).map((e) => e.entry), totalCount: entries.length }
}

interface Client {
  ip: string
  port: string
  name: string
  age: string
  idle: string
  db: string
  lastCmd: string
}

/** CLIENT LIST of the instance's server, without the emulator's own connection that asks. */
async function readClients(ctx: ProviderContext, instanceId: string): Promise<Client[]> {
  const replies = await onServer(ctx, instanceId, [['CLIENT', 'ID'], ['CLIENT', 'LIST']])
  if (!replies) return []
  const self = String(ok<number>(replies[0]))
  return ok<string>(replies[1])
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(parseClientLine)
    .filter((f) => f.id !== self)
    .map((f) => {
      const colon = (f.addr ?? '').lastIndexOf(':')
      return {
        ip: f.addr.slice(0, colon),
        port: f.addr.slice(colon + 1),
        name: f.name ?? '',
        age: f.age ?? '0',
        idle: f.idle ?? '0',
        db: f.db ?? '0',
        lastCmd: f.cmd ?? '',
      }
    })
}

export async function describeClientList(ctx: ProviderContext, scope: Scope, id: string) {
  ownInstance(readSlice(ctx), scope, id)
  const counts = new Map<string, number>()
  for (const client of await readClients(ctx, id)) counts.set(client.ip, (counts.get(client.ip) ?? 0) + 1)
  return { ips: [...counts].map(([ip, clientCount]) => ({ ip, clientCount })) }
}

export async function describeClientIpDetail(ctx: ProviderContext, scope: Scope, id: string, ip: string) {
  ownInstance(readSlice(ctx), scope, id)
  // reference more §8 (inferred): a malformed IP is 400, an unconnected one an empty list
  if (isIP(ip) === 0) throw invalidArgument(`ip ${ip} is not a valid IP address`)
  const details = (await readClients(ctx, id))
    .filter((c) => c.ip === ip)
    // reference more §8 (CN example): every field a string
    .map(({ name, port, age, idle, db, lastCmd }) => ({ name, port, age, idle, db, lastCmd }))
  return { details }
}
