// Per-provider request builders for the benchmark: how to read one resource and create one, with each provider's auth.
import { readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { computeSignature } from '../../dist/providers/jdcloud/signature.js'
import { ROOT } from './processes.mjs'

const fixture = (path) => JSON.parse(readFileSync(`${ROOT}fixtures/${path}`, 'utf-8'))
const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

let counter = 0
const unique = () => (++counter).toString(36) + process.pid.toString(36)

async function call(url, method, path, { headers = {}, body } = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 300)}`)
  return { headers: res.headers, body: text ? JSON.parse(text) : null }
}

/** Lifts the limits a benchmark would hit (quotas, server capacity) through the state API. */
async function patchSlice(url, provider, change) {
  const { body } = await call(url, 'GET', `/_emulator/state?provider=${provider}`)
  change(body.providers[provider])
  await call(url, 'PUT', `/_emulator/state?provider=${provider}`, { body })
}

// --- Redis Enterprise: Basic auth as the default admin (fixtures), plain-HTTP listener like the baselines.
const reAdmin = fixture('redis-enterprise/default-users.json').find((u) => u.role === 'admin')
const reAuth = { authorization: basic(reAdmin.email, reAdmin.password) }
export const redisEnterprise = {
  id: 'redis-enterprise',
  urlKey: 'redis-enterprise-http',
  prepare: async () => {},
  createOne: (url) => call(url, 'POST', '/v1/bdbs', { headers: reAuth, body: { name: `seed-${unique()}`, memory_size: 1048576 } }).then((r) => r.body.uid),
  read: (uid) => ({ method: 'GET', path: `/v1/bdbs/${uid}`, headers: reAuth }),
  readLabel: 'GET /v1/bdbs/{uid}',
  create: () => ({ method: 'POST', path: '/v1/bdbs', headers: { ...reAuth, 'content-type': 'application/json' }, body: JSON.stringify({ name: `db-${unique()}`, memory_size: 1048576 }) }),
}

// --- JDCloud: every request signed (JDCLOUD2, the Node SDK's signed headers) with the default access key.
const jdAccount = fixture('jdcloud/accounts.json').accounts[0]
const JD_REGION = 'cn-north-1'
function jdSigned(method, path, body, host) {
  const datetime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[:-]/g, '')
  const headers = { 'content-type': 'application/json', host, 'x-jdcloud-date': datetime, 'x-jdcloud-nonce': randomUUID() }
  const signedHeaders = ['content-type', 'host', 'x-jdcloud-date', 'x-jdcloud-nonce']
  const auth = { version: 'JDCLOUD2', scopeDate: datetime.slice(0, 8), region: JD_REGION, service: 'redis', terminator: 'jdcloud2_request', signedHeaders }
  const signature = computeSignature(auth, jdAccount.secretKey, datetime, { method, rawUrl: path, headers, body: Buffer.from(body ?? '') })
  headers.authorization = `JDCLOUD2-HMAC-SHA256 Credential=${jdAccount.accessKey}/${auth.scopeDate}/${JD_REGION}/redis/jdcloud2_request, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`
  return { method, path, headers, body }
}
const jdBase = `/v1/regions/${JD_REGION}/cacheInstance`
let jdClass
const jdCreateBody = () =>
  JSON.stringify({
    cacheInstance: { vpcId: 'vpc-bench', subnetId: 'subnet-bench', cacheInstanceName: `bench_${unique()}`, cacheInstanceClass: jdClass, azId: { master: 'cn-north-1a', slave: 'cn-north-1b' } },
  })
export const jdcloud = {
  id: 'jdcloud',
  urlKey: 'jdcloud',
  prepare: async (url) => {
    await patchSlice(url, 'jdcloud', (slice) => {
      for (const account of Object.values(slice.accounts)) account.instanceQuota = 10_000_000
      slice.defaultQuota = 10_000_000
    })
    const host = new URL(url).host
    const classes = await call(url, 'GET', `/v1/regions/${JD_REGION}/instanceClass`, { headers: jdSigned('GET', `/v1/regions/${JD_REGION}/instanceClass`, undefined, host).headers })
    jdClass = classes.body.result.instanceClasses.find((c) => c.instanceType === 'master-slave').instanceClass
  },
  createOne: (url) => {
    const host = new URL(url).host
    const request = jdSigned('POST', jdBase, jdCreateBody(), host)
    return call(url, 'POST', jdBase, { headers: request.headers, body: request.body }).then((r) => r.body.result.cacheInstanceId)
  },
  // Signed anew for each request (perRequest): the emulator refuses a replayed x-jdcloud-nonce (--jdcloud-verify-nonces
  // is on by default), so a replayed signed read would measure the refusal.
  read: (id, url) => jdSigned('GET', `${jdBase}/${id}`, undefined, new URL(url).host),
  readLabel: 'describeCacheInstance (signed)',
  create: (url) => jdSigned('POST', jdBase, jdCreateBody(), new URL(url).host),
  perRequest: true,
}

// --- KakaoCloud: the ready-made token from fixtures; instance sets with unique names.
const kcToken = fixture('kakaocloud/credentials.json').readyMadeToken.id
const kcCatalog = fixture('kakaocloud/catalog.json')
let kcParameterGroup
const kcCreateBody = () => {
  const subnet = kcCatalog.subnets[0].id
  return JSON.stringify({
    instanceSetName: `b${unique()}`.slice(0, 20),
    version: '6.2.5',
    port: 6379,
    replicas: 2,
    recoveryEnabled: true,
    flavorId: kcCatalog.flavors[0].id,
    parameterGroupId: kcParameterGroup,
    subnets: [{ id: subnet }],
    subnetAssignments: [{ primary: { id: subnet }, replicas: [{ id: subnet }] }],
    securityGroups: [{ id: kcCatalog.securityGroups[0].id }],
  })
}
export const kakaocloud = {
  id: 'kakaocloud',
  urlKey: 'kakaocloud',
  prepare: async (url) => {
    const { body } = await call(url, 'GET', '/v1/parameter-groups?engineVersion=6.2.5&clusterMode=false', { headers: { 'x-auth-token': kcToken } })
    kcParameterGroup = body.parameterGroups[0].objectId
  },
  createOne: (url) => call(url, 'POST', '/v1/instance-sets', { headers: { 'x-auth-token': kcToken }, body: kcCreateBody() }).then((r) => r.body.objectId),
  read: (id) => ({ method: 'GET', path: `/v1/clusters/${id}`, headers: { 'x-auth-token': kcToken } }),
  readLabel: 'GET /v1/clusters/{id}',
  create: () => ({ method: 'POST', path: '/v1/instance-sets', headers: { 'x-auth-token': kcToken, 'content-type': 'application/json' }, body: kcCreateBody() }),
}

// --- Redis To Go: Basic auth as the first fixture account; XML reads; servers made roomy so creates never run out.
const rtgAccount = fixture('redistogo/accounts.json').accounts[0]
const rtgAuth = { authorization: basic(rtgAccount.username, rtgAccount.password) }
export const redistogo = {
  id: 'redistogo',
  urlKey: 'redistogo',
  prepare: async (url) => {
    await patchSlice(url, 'redistogo', (slice) => {
      for (const server of slice.servers) server.memory_capacity = 1e15
    })
  },
  createOne: (url) => call(url, 'POST', '/instances.json', { headers: rtgAuth, body: { instance: { plan: 'nano' } } }).then((r) => r.body.id),
  read: (id) => ({ method: 'GET', path: `/instances/${id}.xml`, headers: rtgAuth }),
  readLabel: 'GET /instances/{id}.xml',
  // every instance of the account: the answer grows with the store
  list: () => ({ method: 'GET', path: '/instances.json', headers: rtgAuth }),
  create: () => ({ method: 'POST', path: '/instances.json', headers: { ...rtgAuth, 'content-type': 'application/json' }, body: JSON.stringify({ instance: { plan: 'nano' } }) }),
}

export const benchProviders = [redisEnterprise, jdcloud, kakaocloud, redistogo]
export { call }
