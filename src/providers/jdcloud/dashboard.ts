// What the dashboard shows of JDCloud: cache instances by access key and region, its error statuses, SDK snippets.
import { randomUUID } from 'node:crypto'
import type { DashboardSpec, ReplayRequest } from '../../core/provider.js'
import { JD_STATUS } from './errors.js'
import type { JdcloudSlice } from './model.js'
import { computeSignature } from './signature.js'

/** x-jdcloud-date: yyyyMMddTHHmmssZ in UTC. */
const jdcloudDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

/**
 * A fresh JDCLOUD2 signature for the request, as the default account (reference §5), with a new nonce each time, so
 * every copy is accepted. Dated by the wall clock, not the emulator's: the gateway checks x-jdcloud-date against
 * real time (auth.ts), whatever a test did to the emulator clock.
 */
function signedHeaders(request: ReplayRequest, slice: JdcloudSlice): Record<string, string> {
  const account = Object.values(slice.accounts)[0]
  const date = jdcloudDate(Date.now())
  const region = request.url.match(/^\/v1\/regions\/([^/?]+)/)?.[1] ?? 'cn-north-1'
  const headers: Record<string, string> = {
    host: request.host,
    'x-jdcloud-date': date,
    'x-jdcloud-nonce': randomUUID(),
    ...(request.contentType ? { 'content-type': request.contentType } : {}),
  }
  const names = Object.keys(headers).sort()
  const auth = { version: 'JDCLOUD2' as const, scopeDate: date.slice(0, 8), region, service: 'redis', terminator: 'jdcloud2_request', signedHeaders: names }
  const received = { method: request.method, rawUrl: request.url, headers, body: Buffer.from(request.body ?? '') }
  const signature = computeSignature(auth, account.secretKey, date, received)
  const scope = `${auth.scopeDate}/${region}/redis/jdcloud2_request`
  const { host: _host, ...sent } = headers
  return { ...sent, Authorization: `JDCLOUD2-HMAC-SHA256 Credential=${account.accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` }
}

export const jdcloudDashboard: DashboardSpec<JdcloudSlice> = {
  collections: [
    {
      collection: 'instances',
      kind: 'cache instance',
      openapiTag: 'cacheInstance',
      scope: (stored, slice) => `${slice.accounts[stored.account]?.name ?? stored.account} / ${stored.regionId}`,
      name: (stored) => stored.instance.cacheInstanceName,
      status: (stored) => stored.instance.cacheInstanceStatus,
      // describeCacheInstance's result; the envelope's requestId is made per request
      body: (stored) => ({ result: { cacheInstance: stored.instance } }),
    },
  ],
  errorCodes: JD_STATUS,
  credentials: signedHeaders,
  snippets: (url) => {
    const host = url.replace(/^https?:\/\//, '')
    return [
      {
        title: 'jdcloud-sdk-js',
        code: [
          "const JDCloud = require('jdcloud-sdk-js')",
          'const redis = new JDCloud.REDIS({',
          "  credentials: { accessKeyId: 'EMUJDC0000000000000000000000AK01', secretAccessKey: 'EMUJDC0000000000000000000000SK01' },",
          "  regionId: 'cn-north-1',",
          `  endpoint: { host: '${host}', protocol: 'http' },`,
          '})',
          'const { result } = await redis.describeCacheInstances({})',
        ].join('\n'),
      },
      {
        title: 'curl (signatures off: start with --jdcloud-verify-signatures false)',
        code: `curl ${url}/v1/regions/cn-north-1/cacheInstance`,
      },
    ]
  },
}
