// zod schemas of the account bodies (reference-more §2); names and passwords follow the suggested rules (INF).
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { password } from '../schemas.js'
import { ACCOUNT_PRIVILEGES } from './model.js'

// Schemas are built on first use (lazy()), not at import: start-up time (issue #20).

// reference-more §2 (INF): 2-16 characters, a lowercase letter then lowercase letters, digits or underscores
const accountName = lazy(() => z.string().regex(/^[a-z][a-z0-9_]{1,15}$/, 'accountName must be 2-16 lowercase letters, digits or underscores, starting with a letter'))
// reference-more §2 (INF): the instance password's rule, 8-16 letters and digits; an account always has one
const accountPassword = lazy(() => password().refine((p) => p !== '', 'accountPassword must be 8-16 letters and digits'))
const accountPrivilege = lazy(() => z.enum(ACCOUNT_PRIVILEGES, { message: 'accountPrivilege must be RoleReadOnly or RoleReadWrite' }))
// Undocumented; the instance description's limit.
const accountDescription = lazy(() => z.string().max(256, 'accountDescription must not exceed 256 characters'))

export const createAccountBody = lazy(() => z.object({
  accountName: accountName(),
  accountPassword: accountPassword(),
  accountPrivilege: accountPrivilege().optional(),
  accountDescription: accountDescription().optional(),
}))

/** ModifyAccount (reference-more §2): the name selects the account, the rest is optional. */
export const modifyAccount = lazy(() => z.object({
  // any stored name may be selected, including `default`
  accountName: z.string().min(1, 'accountName is required'),
  accountPassword: accountPassword().optional(),
  accountPrivilege: accountPrivilege().optional(),
  accountDescription: accountDescription().optional(),
}))

// reference-more §1.4: required per GO/PY; an empty list changes nothing and is refused (INF)
export const modifyAccountsBody = lazy(() => z.object({ accounts: z.array(modifyAccount()).min(1, 'accounts must list at least one account') }))

export type CreateAccountBody = z.infer<ReturnType<typeof createAccountBody>>
export type ModifyAccount = z.infer<ReturnType<typeof modifyAccount>>

/** deleteAccount's query (reference-more §2: accountName required), for the OpenAPI document. */
export const deleteAccountQuerySchema = lazy(() => z.object({ accountName: z.string().min(1).meta({ description: 'the account to delete (required)' }) }))
