// Reading an instance's live redis-server in real-Redis mode (issue 16): the admin commands the diagnostics, analysis
// and clear-data groups send, and their replies in plain shapes. Every function answers undefined without a server.
import type { ProviderContext } from '../../core/provider.js'
import { RespError, type RespValue } from '../../core/resp.js'

type Reply = RespValue | RespError

/** Replies of commands on the instance's server; a failed command stays a RespError for the caller to judge. */
export async function onServer(ctx: ProviderContext, instanceId: string, commands: string[][]): Promise<Reply[] | undefined> {
  if (!ctx.realRedis) return undefined
  return ctx.realRedis.commands(instanceId, commands)
}

export function ok<T extends RespValue>(reply: Reply | undefined): T {
  if (reply instanceof RespError) throw reply
  return reply as T
}

/** `key=value key=value` lines (CLIENT LIST, INFO sections) as records. */
export function parseClientLine(line: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const part of line.trim().split(' ')) {
    const eq = part.indexOf('=')
    if (eq > 0) fields[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return fields
}

/** The databases holding keys (INFO keyspace `db3:keys=...`), so scans skip empty ones. */
export async function databasesWithKeys(ctx: ProviderContext, instanceId: string): Promise<number[] | undefined> {
  const replies = await onServer(ctx, instanceId, [['INFO', 'keyspace']])
  if (!replies) return undefined
  const info = ok<string>(replies[0])
  return [...info.matchAll(/^db(\d+):keys=(\d+)/gm)].filter((m) => Number(m[2]) > 0).map((m) => Number(m[1]))
}

/** Every key of one database by SCAN (MATCH pattern when given), at most `limit` keys. */
export async function scanKeys(ctx: ProviderContext, instanceId: string, db: number, limit: number, pattern?: string): Promise<string[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const scan = ['SCAN', cursor, 'COUNT', '1000', ...(pattern ? ['MATCH', pattern] : [])]
    const replies = await onServer(ctx, instanceId, [['SELECT', String(db)], scan])
    if (!replies) return keys
    ok(replies[0])
    const [next, batch] = ok<[string, string[]]>(replies[1])
    keys.push(...batch)
    cursor = next
  } while (cursor !== '0' && keys.length < limit)
  return keys.slice(0, limit)
}
