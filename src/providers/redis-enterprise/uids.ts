// `{int: uid}` path parameters (seed 004) and lookups of uid-keyed records, with the provider's 404s.
import { reError, type ErrorCode } from './errors.js'

/** Anything but a positive integer matches no `{int: uid}` route: 404 not_found. */
export function requireUidParam(raw: string): number {
  const uid = /^\d{1,15}$/.test(raw) ? Number(raw) : 0
  if (uid < 1) throw reError('not_found', `no route for uid "${raw}"`)
  return uid
}

/** The record stored under the uid, or a 404 with the given code ("Database 3 does not exist"). */
export function findByUid<T>(records: Record<string, T>, raw: string, notFound: ErrorCode, noun: string): T {
  const uid = requireUidParam(raw)
  const record = records[String(uid)]
  if (!record) throw reError(notFound, `${noun} ${uid} does not exist`)
  return record
}
