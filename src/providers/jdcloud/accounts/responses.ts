// describeAccounts' result as service.ts builds it (reference-more §2 Accounts; model.ts accountViews), for the
// OpenAPI document; built on first use.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { ACCOUNT_PRIVILEGES } from './model.js'

export const accountsResult = lazy(() =>
  z.strictObject({
    isSupport: z.boolean(),
    accountLists: z.array(
      z.strictObject({
        accountName: z.string(),
        accountType: z.enum(['default', 'normal']),
        accountPrivilege: z.enum(ACCOUNT_PRIVILEGES),
        accountDescription: z.string(),
      }),
    ),
  }),
)
