// JDCloud test helpers: the fixture accounts, a JDCLOUD2/3 request signer for supertest, and a valid create body.
import { createHash, createHmac, randomUUID } from 'node:crypto'
import type { Test } from 'supertest'
import type { Harness } from './harness.js'

export interface JdAccount {
  accessKey: string
  secretKey: string
}

// fixtures/jdcloud/accounts.json
export const DEFAULT_ACCOUNT: JdAccount = { accessKey: 'EMUJDC0000000000000000000000AK01', secretKey: 'EMUJDC0000000000000000000000SK01' }
export const SECOND_ACCOUNT: JdAccount = { accessKey: 'EMUJDC0000000000000000000000AK02', secretKey: 'EMUJDC0000000000000000000000SK02' }
export const WHITE_LIST_ACCOUNT: JdAccount = { accessKey: 'EMUJDC0000000000000000000000AK03', secretKey: 'EMUJDC0000000000000000000000SK03' }

export const SIGNING_HOST = 'redis.jdcloud-api.test'

export interface SignOptions {
  method: string
  /** Path and query exactly as they will be sent. */
  url: string
  body?: string
  account?: JdAccount
  version?: 'JDCLOUD2' | 'JDCLOUD3'
  /** Defaults to the real wall clock (the server checks skew against it). */
  date?: Date
  region?: string
  service?: string
  nonce?: string
  /** The headers to sign (default: all five the Node SDK signs; new Python signs only content-type;host). */
  signedHeaderNames?: string[]
}

const escape = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * Written independently of src/ from reference §5 (and cross-checked by the official SDK test): returns the headers
 * the Node SDK sends (accept, content-type, host, x-jdcloud-date, x-jdcloud-nonce, Authorization).
 */
export function signHeaders(o: SignOptions): Record<string, string> {
  const account = o.account ?? DEFAULT_ACCOUNT
  const version = o.version ?? 'JDCLOUD2'
  const term = `${version.toLowerCase()}_request`
  const datetime = (o.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[:-]/g, '')
  const day = datetime.slice(0, 8)
  const [path, query = ''] = o.url.split('?')
  const region = o.region ?? path.match(/^\/v1\/regions\/([^/]+)/)?.[1] ?? 'jdcloud-api'
  const service = o.service ?? 'redis'
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    host: SIGNING_HOST,
    'x-jdcloud-date': datetime,
    // a fresh nonce per request, as the SDKs send (a repeated one is refused as a replay)
    'x-jdcloud-nonce': o.nonce ?? randomUUID(),
  }
  const names = (o.signedHeaderNames ?? Object.keys(headers)).slice().sort()
  const canonicalPath = path
    .split('/')
    .map((s) => escape(decodeURIComponent(s)))
    .join('/')
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((item) => {
      const [k, v = ''] = item.split('=')
      return [decodeURIComponent(k.replace(/\+/g, ' ')), escape(decodeURIComponent(v.replace(/\+/g, ' ')))]
    })
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${escape(k)}=${v}`)
    .join('&')
  const canonical = [
    o.method.toUpperCase(),
    canonicalPath,
    canonicalQuery,
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    createHash('sha256').update(o.body ?? '').digest('hex'),
  ].join('\n')
  const scope = `${day}/${region}/${service}/${term}`
  const toSign = [`${version}-HMAC-SHA256`, datetime, scope, createHash('sha256').update(canonical).digest('hex')].join('\n')
  const mac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()
  const key = mac(mac(mac(mac(version + account.secretKey, day), region), service), term)
  const signature = createHmac('sha256', key).update(toSign).digest('hex')
  headers.Authorization = `${version}-HMAC-SHA256 Credential=${account.accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`
  return headers
}

/** A supertest request to the jdcloud app, signed like the Node SDK signs it. */
export function jd(
  h: Harness,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  options: Partial<SignOptions> & { override?: Record<string, string | undefined> } = {},
): Test {
  const raw = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  const headers = signHeaders({ method, url, body: raw, ...options })
  // After signing: change or drop headers to forge a request the signature no longer covers.
  for (const [name, value] of Object.entries(options.override ?? {})) {
    if (value === undefined) delete headers[name]
    else headers[name] = value
  }
  const agent = h.request('jdcloud')
  const request = method === 'GET' ? agent.get(url) : method === 'POST' ? agent.post(url) : method === 'PATCH' ? agent.patch(url) : agent.delete(url)
  request.set(headers)
  return raw === undefined ? request : request.send(raw)
}

export const REGION = 'cn-north-1'
export const BASE = `/v1/regions/${REGION}`

export function createBody(overrides: Record<string, unknown> = {}, charge?: Record<string, unknown>) {
  return {
    cacheInstance: {
      vpcId: 'vpc-emu0001',
      subnetId: 'subnet-emu0001',
      cacheInstanceName: 'demo_cache',
      cacheInstanceClass: 'redis.m.small.basic',
      azId: { master: 'cn-north-1a', slave: 'cn-north-1b' },
      ...overrides,
    },
    ...(charge ? { charge } : {}),
  }
}

/** Creates an instance (signed, default account unless given) and returns its id. */
export async function createInstance(
  h: Harness,
  overrides: Record<string, unknown> = {},
  charge?: Record<string, unknown>,
  account: JdAccount = DEFAULT_ACCOUNT,
): Promise<string> {
  const res = await jd(h, 'POST', `${BASE}/cacheInstance`, createBody(overrides, charge), { account })
  if (res.status !== 200) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.result.cacheInstanceId as string
}
