// JDCloud for the hardening suites: every signed interface (the 10 core ones and issue 16's groups), one account per access key, {requestId, error}.
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { unescape as queryUnescape } from 'node:querystring'
import { z } from 'zod'
import { DEFAULT_ACCOUNT, SECOND_ACCOUNT, SIGNING_HOST, type JdAccount } from '../../helpers/jdcloud.js'
import { jsonRequest as json, parseJson, type Answer, type Auth, type Outgoing } from '../client.js'
import { headReading, readJsonError } from './shared.js'
import type { Fixture, Profile, RouteSpec } from './types.js'

export const REGION = 'cn-north-1'
const BASE = '/v1/regions/{region}/cacheInstance'

const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
const safeDecode = (v: string) => {
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

export interface SignOptions {
  account?: JdAccount
  /** Defaults to now (the server checks the skew against the real wall clock). */
  date?: Date
  region?: string
  service?: string
}

/**
 * Signs any request, however odd its path or query (reference §5, as the Node SDK does): the suites' own signer, so
 * generated requests reach the routes instead of stopping at the signature check. Signs content-type only when it is
 * JSON, so a request may carry any other content type.
 */
export function jdSign(request: Outgoing, options: SignOptions = {}): Record<string, string> {
  const account = options.account ?? DEFAULT_ACCOUNT
  const datetime = (options.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[:-]/g, '')
  const day = datetime.slice(0, 8)
  const q = request.path.indexOf('?')
  const path = q < 0 ? request.path : request.path.slice(0, q)
  const query = q < 0 ? '' : request.path.slice(q + 1)
  const pathRegion = safeDecode(path.match(/^\/v1\/regions\/([^/]+)/)?.[1] ?? 'jdcloud-api')
  const region = options.region ?? (/^[\x21-\x7e]+$/.test(pathRegion) && !/[/,]/.test(pathRegion) ? pathRegion : 'jdcloud-api')
  const contentType = request.headers?.['content-type']
  const headers: Record<string, string> = {
    accept: 'application/json',
    host: SIGNING_HOST,
    'x-jdcloud-date': datetime,
    // fresh per request, as the SDKs send it (a repeated nonce is refused as a replay)
    'x-jdcloud-nonce': randomUUID(),
  }
  if (contentType === undefined || contentType === 'application/json') headers['content-type'] = 'application/json'
  const names = Object.keys(headers).sort()
  const canonicalPath = path.split('/').map((s) => rfc3986(safeDecode(s))).join('/')
  const items = query
    .split('&')
    .filter(Boolean)
    .map((item) => {
      const eq = item.indexOf('=')
      const key = queryUnescape((eq < 0 ? item : item.slice(0, eq)).replace(/\+/g, ' '))
      const value = eq < 0 ? '' : queryUnescape(item.slice(eq + 1).replace(/\+/g, ' '))
      return [key, rfc3986(value)] as const
    })
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1))
  const canonical = [
    request.method,
    canonicalPath,
    items.map(([k, v]) => `${rfc3986(k)}=${v}`).join('&'),
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    createHash('sha256').update(request.body ?? '').digest('hex'),
  ].join('\n')
  const service = options.service ?? 'redis'
  const scope = `${day}/${region}/${service}/jdcloud2_request`
  const toSign = ['JDCLOUD2-HMAC-SHA256', datetime, scope, createHash('sha256').update(canonical).digest('hex')].join('\n')
  const mac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()
  const key = mac(mac(mac(mac(`JDCLOUD2${account.secretKey}`, day), region), service), 'jdcloud2_request')
  const signature = createHmac('sha256', key).update(toSign).digest('hex')
  headers.authorization = `JDCLOUD2-HMAC-SHA256 Credential=${account.accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`
  return headers
}

export const jdAuth = (account: JdAccount, options: Omit<SignOptions, 'account'> = {}): Auth => (request) => jdSign(request, { ...options, account })

export function createBody(name = 'demo_cache'): Record<string, unknown> {
  return {
    cacheInstance: {
      vpcId: 'vpc-emu0001',
      subnetId: 'subnet-emu0001',
      cacheInstanceName: name,
      cacheInstanceClass: 'redis.m.small.basic',
      azId: { master: 'cn-north-1a', slave: 'cn-north-1b' },
    },
  }
}

const listedInstances = (a: Answer): string[] => parseJson(a).result.cacheInstances.map((c: { cacheInstanceId: string }) => c.cacheInstanceId)

const envelope = z.strictObject({
  requestId: z.string().regex(/^[a-z0-9]{32}$/),
  error: z.strictObject({ code: z.number().int(), status: z.string().min(1), message: z.string() }),
})

/** arrange(): A starts the task a stop route then stops (POST `suffix` on the fixture instance). */
const startFirst = (suffix: string, body: unknown): RouteSpec['arrange'] => async (client, f) => {
  const started = await client.send(json('POST', `${BASE.replace('{region}', REGION)}/${f.params.instance}${suffix}`, body), f.a)
  if (started.status !== 200) throw new Error(`arrange ${suffix}: ${started.status} ${started.text}`)
}

const instanceRoute = (name: string, method: RouteSpec['method'], suffix: string, extra: Partial<RouteSpec> = {}): RouteSpec => ({
  name,
  method,
  path: `${BASE}/{instance}${suffix}`,
  ok: 200,
  writes: method !== 'GET',
  scope: 'hidden',
  ...extra,
})

const routes: RouteSpec[] = [
  { name: 'createCacheInstance', method: 'POST', path: BASE, body: () => createBody('new_cache'), ok: 200, writes: true, scope: 'open' },
  { name: 'describeCacheInstances', method: 'GET', path: BASE, query: 'pageNumber=1&pageSize=10', ok: 200, writes: false, scope: 'listing', listed: (a) => listedInstances(a) },
  instanceRoute('describeCacheInstance', 'GET', ''),
  instanceRoute('modifyCacheInstanceAttribute', 'PATCH', '', { body: () => ({ cacheInstanceName: 'renamed_cache', cacheInstanceDescription: 'renamed' }) }),
  instanceRoute('deleteCacheInstance', 'DELETE', ''),
  instanceRoute('modifyCacheInstanceClass', 'POST', ':modifyCacheInstanceClass', { body: () => ({ cacheInstanceClass: 'redis.m.medium.basic' }) }),
  instanceRoute('resetCacheInstancePassword', 'POST', ':resetCacheInstancePassword', { body: () => ({ password: 'Passw0rd1234' }) }),
  instanceRoute('describeClusterInfo', 'GET', '/clusterInfo'),
  { name: 'describeInstanceClass', method: 'GET', path: '/v1/regions/{region}/instanceClass', query: 'redisVersion=4.0', ok: 200, writes: false, scope: 'open' },
  { name: 'describeUserQuota', method: 'GET', path: '/v1/regions/{region}/quota', ok: 200, writes: false, scope: 'open' },
  // issue 16 part B (reference jdcloud-redis-more.md §8-§13, Appendix A)
  instanceRoute('describeSlowLog', 'GET', '/slowLog', { query: 'pageNumber=1&pageSize=10&startTime=2026-01-01T00:00:00Z' }),
  instanceRoute('describeClientList', 'GET', '/clientList'),
  instanceRoute('describeClientIpDetail', 'POST', '/clientIpDetail', { body: () => ({ ip: '10.0.0.8' }), writes: false }),
  instanceRoute('startClearData', 'POST', '/startClearData', { body: () => ({ clearType: 'SpecifiedData', keyPattern: 'tmp:*', keyFilter: [{ filterType: 'ttl', operator: 'lt', value: 60 }], qpsLimit: 100 }) }),
  instanceRoute('stopClearData', 'POST', '/stopClearData', { body: () => ({}), arrange: startFirst('/startClearData', { clearType: 'AllData' }) }),
  instanceRoute('describeClearData', 'GET', '/describeClearData'),
  instanceRoute('describeTaskProgressList', 'GET', '/taskProgress', { query: 'taskType=resize' }),
  instanceRoute('describeAnalysisTime', 'GET', '/analysisTime'),
  instanceRoute('modifyAnalysisTime', 'POST', '/analysisTime', { body: () => ({ analysisTime: '01:00-02:00 +0800' }) }),
  instanceRoute('describeCacheAnalysisList', 'GET', '/cacheAnalysis', { query: 'date={day}' }),
  instanceRoute('createCacheAnalysis', 'POST', '/cacheAnalysis', { body: () => ({}) }),
  instanceRoute('describeCacheAnalysisResult', 'GET', '/cacheAnalysis/{task}'),
  instanceRoute('describeAnalysisThreshold', 'GET', '/cacheAnalysisThreshold'),
  instanceRoute('modifyAnalysisThreshold', 'POST', '/cacheAnalysisThreshold', { body: () => ({ stringSize: 20480, top: 50 }) }),
  instanceRoute('stopCacheAnalysis', 'POST', '/stopCacheAnalysis', { body: () => ({}), arrange: startFirst('/cacheAnalysis', {}) }),
  instanceRoute('describeBigKeyList', 'GET', '/bigKey', { query: 'date={day}' }),
  instanceRoute('createBigKeyAnalysis', 'POST', '/bigKey', { body: () => ({ stringSize: 4096, top: 20 }) }),
  instanceRoute('describeBigKeyDetail', 'GET', '/bigKeyDetail', { query: 'taskId={bigKeyTask}' }),
  instanceRoute('describeBigKeyAnalysisTime', 'GET', '/bigKeyAutoAnalysisTime'),
  instanceRoute('modifyBigKeyAnalysisTime', 'POST', '/bigKeyAutoAnalysisTime', { body: () => ({ analysisTime: '-' }) }),
  instanceRoute('describeHotKeySummary', 'GET', '/hotKeyAnalysisSummary'),
  instanceRoute('describeHotKeyDetail', 'GET', '/hotKeyAnalysisDetail', { query: 'nodeId={node}&pageNumber=1&pageSize=10' }),
  instanceRoute('createBigKeyAnalysis2', 'POST', '/bigKeyAnalysis', { body: () => ({ stringSize: 10240, listSize: 1000 }) }),
  instanceRoute('describeBigKeyList2', 'GET', '/bigKeyAnalysisResultList', { query: 'pageNumber=1&pageSize=10' }),
  instanceRoute('describeBigKeyDetail2', 'GET', '/bigKeyAnalysisDetail', { query: 'taskId={bigKeyTask}' }),
  instanceRoute('describeBigKeyAnalysisTime2', 'GET', '/bigKeyAnalysisTime'),
  instanceRoute('modifyBigKeyAnalysisTime2', 'POST', '/bigKeyAnalysisTime', { body: () => ({ analysisTime: '02:00-03:00 +0000' }) }),
  instanceRoute('describeAnalysisThreshold2', 'GET', '/bigKeyAnalysisThreshold'),
  instanceRoute('modifyAnalysisThreshold2', 'POST', '/bigKeyAnalysisThreshold', { body: () => ({ hashSize: 5000 }) }),
  instanceRoute('describeHotKeyResult2', 'GET', '/hotKeyAnalysisResult'),
  instanceRoute('describeHotKeyDetail2', 'GET', '/hotKeyDetail', { query: 'nodeId={node}' }),
  { name: 'describeAvailableRegion', method: 'GET', path: '/v1/regions/{region}/availableRegion', ok: 200, writes: false, scope: 'open' },
  { name: 'describeAvailableResource', method: 'GET', path: '/v1/regions/{region}/availableResource', ok: 200, writes: false, scope: 'open' },
  { name: 'describeAvailableResource2', method: 'GET', path: '/v1/regions/{region}/availableResource2', ok: 200, writes: false, scope: 'open' },
  { name: 'describeSpecConfig', method: 'GET', path: '/v1/regions/{region}/specConfig', ok: 200, writes: false, scope: 'open' },
  // reference-more §2 accounts (the fixture instance has the account `reporter`)
  instanceRoute('describeAccounts', 'GET', '/account'),
  instanceRoute('createAccount', 'POST', '/account', { body: () => ({ accountName: 'new_user', accountPassword: 'NewUser001', accountPrivilege: 'RoleReadOnly' }) }),
  instanceRoute('modifyAccount', 'PATCH', '/account', { body: () => ({ accountName: 'reporter', accountDescription: 'changed', accountPassword: 'Report002' }) }),
  instanceRoute('deleteAccount', 'DELETE', '/account', { query: 'accountName=reporter' }),
  instanceRoute('modifyAccounts', 'PATCH', '/accounts', { body: () => ({ accounts: [{ accountName: 'reporter', accountPrivilege: 'RoleReadWrite' }] }) }),
  // reference-more §3, §4 backups (the fixture instance has the finished backup `{backup}`)
  instanceRoute('createBackup', 'POST', '/backup', { body: () => ({ fileName: 'suite_backup', backupType: 1 }) }),
  instanceRoute('describeBackups', 'GET', '/backup', { query: 'pageNumber=1&pageSize=10' }),
  instanceRoute('describeDownloadUrl', 'GET', '/backup:describeDownloadUrl', { query: 'baseId={backup}' }),
  instanceRoute('restoreInstance', 'POST', '/restore', { body: (f) => ({ baseId: f.params.backup }) }),
  instanceRoute('describeBackupPolicy', 'GET', '/backupPolicy'),
  instanceRoute('modifyBackupPolicy', 'PATCH', '/backupPolicy', { body: () => ({ autoBackup: true, backupTime: '02:00-03:00 +0800', backupPeriod: 'Monday,Friday' }) }),
  // reference-more §5 IP whitelist
  instanceRoute('describeIpWhiteList', 'GET', '/ipWhiteList'),
  instanceRoute('modifyIpWhiteList', 'PATCH', '/ipWhiteList', { body: () => ({ ipWhiteList: ['10.0.0.0/16', '192.168.1.20/32'] }) }),
  // reference-more §6, §7 parameters and disabled commands
  instanceRoute('describeInstanceConfig', 'GET', '/instanceConfig'),
  instanceRoute('modifyInstanceConfig', 'POST', '/instanceConfig', { body: () => ({ instanceConfig: [{ configName: 'maxmemory-policy', configValue: 'allkeys-lru' }] }) }),
  instanceRoute('getDisableCommands', 'GET', '/disableCommands'),
  instanceRoute('setDisableCommands', 'POST', '/disableCommands', { body: () => ({ disableCommands: [{ commandName: 'flushall', isDisable: true }] }) }),
]


const base = `/v1/regions/${REGION}/cacheInstance`

export const jdcloudProfile: Profile = {
  id: 'jdcloud',
  listener: 'jdcloud',
  async prepare(client, emulator) {
    const a = jdAuth(DEFAULT_ACCOUNT)
    const created = await client.send(json('POST', base, createBody('fixture_cache')), a)
    if (created.status !== 200) throw new Error(`prepare: ${created.status} ${created.text}`)
    emulator.clock.advance(60_000)
    await client.send({ method: 'GET', path: base }, a)
    const instance = parseJson(created).result.cacheInstanceId
    // an account and a finished backup for the account and backup routes' samples
    const account = await client.send(json('POST', `${base}/${instance}/account`, { accountName: 'reporter', accountPassword: 'Report001' }), a)
    if (account.status !== 200) throw new Error(`prepare: ${account.status} ${account.text}`)
    const backup = await client.send(json('POST', `${base}/${instance}/backup`, { fileName: 'fixture_backup', backupType: 1 }), a)
    if (backup.status !== 200) throw new Error(`prepare: ${backup.status} ${backup.text}`)
    // a finished cache analysis and big-key analysis for the routes that read one (their task id is the requestId)
    const cacheTask = await client.send(json('POST', `${base}/${instance}/cacheAnalysis`, {}), a)
    const bigKeyTask = await client.send(json('POST', `${base}/${instance}/bigKey`, {}), a)
    if (cacheTask.status !== 200 || bigKeyTask.status !== 200) throw new Error(`prepare: analyses ${cacheTask.text} ${bigKeyTask.text}`)
    emulator.clock.advance(60_000)
    await client.send({ method: 'GET', path: base }, a)
    return {
      params: {
        region: REGION,
        instance,
        backup: parseJson(backup).result.baseId,
        task: parseJson(cacheTask).requestId,
        bigKeyTask: parseJson(bigKeyTask).requestId,
        node: `${instance}-shard-1`,
        day: new Date(emulator.clock.now()).toISOString().slice(0, 10),
      },
      values: {},
      a,
      b: jdAuth(SECOND_ACCOUNT),
      wrong: {
        'wrong secret key': jdAuth({ accessKey: DEFAULT_ACCOUNT.accessKey, secretKey: SECOND_ACCOUNT.secretKey }),
        'unknown access key': jdAuth({ accessKey: 'EMUJDC0000000000000000000000AK99', secretKey: DEFAULT_ACCOUNT.secretKey }),
        'Basic instead of a signature': () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' }),
        'malformed signature header': () => ({ authorization: 'JDCLOUD2-HMAC-SHA256 Credential=garbage', 'x-jdcloud-date': '20260115T100000Z' }),
      },
      roles: {},
    } satisfies Fixture
  },
  routes,
  readError(request: Outgoing, answer: Answer) {
    const head = headReading(request)
    if (head) return head
    const read = readJsonError(answer, envelope)
    if ('problem' in read) return read
    if (read.value.error.code !== answer.status) return { problem: `error.code ${read.value.error.code} but HTTP ${answer.status}` }
    if (answer.headers['x-jdcloud-request-id'] !== read.value.requestId) return { problem: 'x-jdcloud-request-id differs from requestId' }
    return { code: read.value.error.status }
  },
  codes: { unauthenticated: () => 'UNAUTHENTICATED', notFound: () => 'NOT_FOUND', tooLarge: () => 'INVALID_ARGUMENT' },
  concurrency: {
    create: (i) => json('POST', base, createBody(`conc_${i}`)),
    createdId: (a) => parseJson(a).result.cacheInstanceId,
    list: () => ({ method: 'GET', path: `${base}?pageSize=100` }),
    listedIds: listedInstances,
    update: (i, f) => {
      const field = i % 2 ? 'cacheInstanceName' : 'cacheInstanceDescription'
      const value = i % 2 ? `w_${i}` : `description ${i}`
      return { request: json('PATCH', `${base}/${f.params.instance}`, { [field]: value }), field, value }
    },
    read: (f) => ({ method: 'GET', path: `${base}/${f.params.instance}` }),
    fieldOf: (a, field) => parseJson(a).result.cacheInstance[field],
    // seed 000: createCacheInstance past describeUserQuota is 429 QUOTA_EXCEEDED (the default account's quota is 10)
    quota: {
      limit: 10,
      status: 429,
      code: 'QUOTA_EXCEEDED',
      raise: async (emulator) => {
        await emulator.store.mutate<{ accounts: Record<string, { instanceQuota: number }> }>('jdcloud', (d) => {
          d.accounts[DEFAULT_ACCOUNT.accessKey].instanceQuota = 1000
        })
      },
    },
    remove: (f) => ({ method: 'DELETE', path: `${base}/${f.params.instance}` }),
  },
}
