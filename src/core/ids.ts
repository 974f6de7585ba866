// Identifier generators shared by providers: uuids, per-slice integer sequences, random tokens and request ids.
import { randomBytes } from 'node:crypto'
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

export function randomString(length: number, alphabet: string = ALNUM): string {
  const bytes = randomBytes(length * 2)
  let out = ''
  // Rejection sampling keeps characters uniformly distributed.
  const limit = 256 - (256 % alphabet.length)
  for (let i = 0; out.length < length; i++) {
    if (i >= bytes.length) return out + randomString(length - out.length, alphabet)
    if (bytes[i] < limit) out += alphabet[bytes[i] % alphabet.length]
  }
  return out
}

export const alphabets = { LOWER_ALNUM, ALNUM, HEX }

/** A 32-character lowercase alphanumeric id, the shape JDCloud uses for requestId. */
export function requestId(): string {
  return randomString(32, LOWER_ALNUM)
}
