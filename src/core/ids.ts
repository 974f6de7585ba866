// Identifier generators shared by providers: uuids, per-slice integer sequences, random tokens and request ids.
import { randomFillSync } from 'node:crypto'
import { v4 as uuidv4 } from 'uuid'

export function uuid(): string {
  return uuidv4()
}

/** Next value of a named integer sequence kept in the slice, starting at `start`. */
export function nextSequence(sequences: Record<string, number>, name: string, start = 1): number {
  const value = sequences[name] ?? start
  sequences[name] = value + 1
  return value
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const HEX = '0123456789abcdef'

// Random bytes come from a pool refilled 4 KiB at a time: one system call per many ids, not one per id.
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

function randomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  return pool[poolOffset++]
}

export function randomString(length: number, alphabet: string = ALNUM): string {
  // Rejection sampling keeps characters uniformly distributed.
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    const byte = randomByte()
    if (byte < limit) out += alphabet[byte % alphabet.length]
  }
  return out
}

export const alphabets = { LOWER_ALNUM, ALNUM, HEX }

/** A 32-character lowercase alphanumeric id, the shape JDCloud uses for requestId. */
export function requestId(): string {
  return randomString(32, LOWER_ALNUM)
}
