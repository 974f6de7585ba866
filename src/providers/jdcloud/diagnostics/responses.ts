// The result bodies of describeSlowLog, describeClientList and describeClientIpDetail as service.ts builds them
// (reference-more §8), for the OpenAPI document; built on first use.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'

export const slowLogResult = lazy(() =>
  z.strictObject({
    slowLogs: z.array(
      z.strictObject({
        command: z.string(),
        startTime: z.string().meta({ description: 'ISO 8601 UTC' }),
        executionTime: z.string().meta({ description: 'a duration with its unit, e.g. 12.31ms' }),
        shardId: z.string(),
      }),
    ),
    totalCount: z.number().int().min(0),
  }),
)

export const clientListResult = lazy(() => z.strictObject({ ips: z.array(z.strictObject({ ip: z.string(), clientCount: z.number().int().min(1) })) }))

/** reference-more §8 (CN example): every field a string. */
export const clientIpDetailResult = lazy(() =>
  z.strictObject({
    details: z.array(z.strictObject({ name: z.string(), port: z.string(), age: z.string(), idle: z.string(), db: z.string(), lastCmd: z.string() })),
  }),
)
