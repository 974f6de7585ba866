// The account rules (reference-more §2): one default account per instance plus normal accounts; names unique, the
// default account kept; a batch modify validated whole before any change (INF).
import type { ProviderContext } from '../../../core/provider.js'
import { failedPrecondition, jdError } from '../errors.js'
import { ownDraftInstance, ownInstance, requireRunning } from '../instance-route.js'
import type { JdcloudSlice, StoredInstance } from '../model.js'
import type { Scope } from '../service.js'
import { accountViews, DEFAULT_ACCOUNT_NAME, type StoredAccount } from './model.js'
import type { CreateAccountBody, ModifyAccount } from './schemas.js'

const ID = 'jdcloud'

function accountNotFound(stored: StoredInstance, name: string) {
  return jdError('NOT_FOUND', `account ${name} of cacheInstance ${stored.instance.cacheInstanceId} not found`)
}

export function describeAccounts(ctx: ProviderContext, scope: Scope, id: string) {
  // reference-more §2 (INF): every engine version is modelled as supporting accounts
  return { isSupport: true, accountLists: accountViews(ownInstance(ctx, scope, id)) }
}

export async function createAccount(ctx: ProviderContext, scope: Scope, id: string, body: CreateAccountBody) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownDraftInstance(draft, scope, id)
    requireRunning(stored, 'create an account')
    const accounts = (stored.redisAccounts ??= [])
    // reference-more §2 (INF): a duplicate name, the reserved `default` included, is 409 ALREADY_EXISTS
    if (body.accountName === DEFAULT_ACCOUNT_NAME || accounts.some((a) => a.accountName === body.accountName)) {
      throw jdError('ALREADY_EXISTS', `account ${body.accountName} already exists in cacheInstance ${id}`)
    }
    accounts.push({
      accountName: body.accountName,
      // reference-more §2: default RoleReadWrite
      accountPrivilege: body.accountPrivilege ?? 'RoleReadWrite',
      accountDescription: body.accountDescription ?? '',
      password: body.accountPassword,
    })
  })
}

/** Checks one change against the instance; returns how to apply it (nothing is applied until every change passed). */
function planChange(stored: StoredInstance, change: ModifyAccount): () => void {
  if (change.accountName === DEFAULT_ACCOUNT_NAME) {
    // INF: the default account keeps full access; its password is the instance password (as resetCacheInstancePassword)
    if (change.accountPrivilege !== undefined && change.accountPrivilege !== 'RoleReadWrite') {
      throw failedPrecondition(`the privilege of the default account of cacheInstance ${stored.instance.cacheInstanceId} cannot be changed`)
    }
    return () => {
      if (change.accountPassword !== undefined) {
        stored.password = change.accountPassword
        stored.instance.auth = true
      }
      if (change.accountDescription !== undefined) stored.defaultAccountDescription = change.accountDescription
    }
  }
  const account = stored.redisAccounts?.find((a) => a.accountName === change.accountName)
  if (!account) throw accountNotFound(stored, change.accountName)
  // reference-more §2: nothing to change is a no-op (INF)
  return () => applyTo(account, change)
}

function applyTo(account: StoredAccount, change: ModifyAccount): void {
  if (change.accountPassword !== undefined) account.password = change.accountPassword
  if (change.accountPrivilege !== undefined) account.accountPrivilege = change.accountPrivilege
  if (change.accountDescription !== undefined) account.accountDescription = change.accountDescription
}

export async function modifyAccount(ctx: ProviderContext, scope: Scope, id: string, change: ModifyAccount) {
  await modifyAccounts(ctx, scope, id, [change], 'modify an account')
}

export async function modifyAccounts(ctx: ProviderContext, scope: Scope, id: string, changes: ModifyAccount[], action = 'modify accounts') {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownDraftInstance(draft, scope, id)
    requireRunning(stored, action)
    // reference-more §2 modifyAccounts (INF): validate every entry first, then apply all or nothing
    const names = new Set<string>()
    for (const { accountName } of changes) {
      if (names.has(accountName)) throw jdError('INVALID_ARGUMENT', `account ${accountName} is listed more than once`)
      names.add(accountName)
    }
    const plans = changes.map((change) => planChange(stored, change))
    for (const apply of plans) apply()
  })
}

export async function deleteAccount(ctx: ProviderContext, scope: Scope, id: string, accountName: string) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownDraftInstance(draft, scope, id)
    requireRunning(stored, 'delete an account')
    // reference-more §2 deleteAccount (INF): the default account cannot be deleted
    if (accountName === DEFAULT_ACCOUNT_NAME) throw failedPrecondition(`the default account of cacheInstance ${id} cannot be deleted`)
    const accounts = stored.redisAccounts ?? []
    const index = accounts.findIndex((a) => a.accountName === accountName)
    if (index < 0) throw accountNotFound(stored, accountName)
    accounts.splice(index, 1)
  })
}
