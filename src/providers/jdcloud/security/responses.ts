// describeIpWhiteList's result as service.ts builds it (reference-more §5), for the OpenAPI document.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'

export const ipWhiteListResult = lazy(() => z.strictObject({ ipWhiteList: z.array(z.string().meta({ description: 'an IPv4 CIDR block' })) }))
