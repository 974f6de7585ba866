// The official JDCloud Node SDK (npm jdcloud-sdk-js) pointed at a running emulator, for the tests that drive it.
import { createRequire } from 'node:module'
import type { RunningEmulator } from '../../src/emulator.js'
import { DEFAULT_ACCOUNT, type JdAccount } from './jdcloud.js'

type SdkClient = Record<string, (opts: Record<string, unknown>, regionId?: string) => Promise<any>>

const JDCloud = createRequire(import.meta.url)('jdcloud-sdk-js') as {
  REDIS: new (config: Record<string, unknown>) => SdkClient
  config: { logger: (...args: unknown[]) => void }
}
// The SDK logs every canonical string through its global logger; keep the test output readable.
JDCloud.config.logger = () => undefined

/** The SDK's Redis client for `account` against the emulator's JDCloud port. */
export function sdkClient(emulator: RunningEmulator, account: JdAccount = DEFAULT_ACCOUNT, regionId = 'cn-north-1'): SdkClient {
  return new JDCloud.REDIS({
    credentials: { accessKeyId: account.accessKey, secretAccessKey: account.secretKey },
    regionId,
    endpoint: { host: `127.0.0.1:${emulator.ports.jdcloud}`, protocol: 'http' },
    logger: () => undefined,
  })
}

/** The SDK rejects with the parsed error body; strip the fetch response it attaches. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise
  } catch (err) {
    const { responseObj: _ignored, ...body } = err as Record<string, unknown>
    return body
  }
  throw new Error('expected the SDK call to fail')
}
