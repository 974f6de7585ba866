// The IP whitelist body (reference-more §5): the whole list after the change, IPv4 CIDR blocks.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'

const octet = String.raw`(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`
// reference-more §5: `x.x.x.x/x`; INF: IPv4 only, prefix 0-32, no bare address
export const CIDR = new RegExp(String.raw`^${octet}\.${octet}\.${octet}\.${octet}/(3[0-2]|[12]?\d)$`)

// reference-more §1.4: required per GO/PY; an empty list is refused (INF). Built on first use, not at import (issue #20).
export const modifyIpWhiteListBody = lazy(() => z.object({
  ipWhiteList: z
    .array(z.string().regex(CIDR, 'each ipWhiteList entry must be an IPv4 CIDR block such as 10.0.0.0/16'), { message: 'ipWhiteList is required' })
    .min(1, 'ipWhiteList must list at least one CIDR block (0.0.0.0/0 allows every address)'),
}))
