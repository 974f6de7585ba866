// A tiny RESP2 client: a few commands on one short-lived connection to a loopback redis-server, for the emulator's
// own admin calls (clients of the servers use real Redis clients).
import { createConnection } from 'node:net'

/** Where every real-Redis server listens. */
export const LOOPBACK = '127.0.0.1'

export type RespValue = string | number | null | RespValue[]

export class RespError extends Error {}

/** Parses one RESP2 reply at `offset`; undefined while the buffer does not hold all of it yet. */
function parseReply(buffer: Buffer, offset: number): { value: RespValue | RespError; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset)
  if (lineEnd < 0) return undefined
  const type = String.fromCharCode(buffer[offset])
  const line = buffer.toString('utf-8', offset + 1, lineEnd)
  const next = lineEnd + 2
  switch (type) {
    case '+':
      return { value: line, end: next }
    case '-':
      return { value: new RespError(line), end: next }
    case ':':
      return { value: Number(line), end: next }
    case '$': {
      const length = Number(line)
      if (length < 0) return { value: null, end: next }
      if (buffer.length < next + length + 2) return undefined
      return { value: buffer.toString('utf-8', next, next + length), end: next + length + 2 }
    }
    case '*': {
      const count = Number(line)
      if (count < 0) return { value: null, end: next }
      const items: RespValue[] = []
      let at = next
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, at)
        if (!item) return undefined
        items.push(item.value instanceof RespError ? item.value.message : item.value)
        at = item.end
      }
      return { value: items, end: at }
    }
    default:
      throw new RespError(`unexpected RESP type byte ${JSON.stringify(type)}`)
  }
}

function encodeCommand(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`
}

/**
 * Sends commands on one short-lived connection and resolves with their replies (a RespError for a failed command).
 * Rejects when the connection fails.
 */
export function sendCommands(port: number, commands: string[][], timeoutMs = 3_000): Promise<(RespValue | RespError)[]> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: LOOPBACK, port })
    const replies: (RespValue | RespError)[] = []
    let buffer = Buffer.alloc(0)
    let offset = 0
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`redis on port ${port}: no answer in ${timeoutMs} ms`)))
    socket.once('error', reject)
    socket.once('connect', () => socket.write(commands.map(encodeCommand).join('')))
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      try {
        for (let reply = parseReply(buffer, offset); reply; reply = parseReply(buffer, offset)) {
          replies.push(reply.value)
          offset = reply.end
        }
      } catch (err) {
        socket.destroy(err as Error)
        return
      }
      if (replies.length >= commands.length) {
        socket.end()
        socket.destroy()
        resolve(replies)
      }
    })
    socket.once('close', () => {
      if (replies.length < commands.length) reject(new Error(`redis on port ${port}: connection closed`))
    })
  })
}
