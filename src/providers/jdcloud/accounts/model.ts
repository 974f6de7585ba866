// Accounts of an instance (reference-more §2): the stored record, the wire view and the default account.
import type { StoredInstance } from '../model.js'

// reference-more §2: request values of accountPrivilege
export const ACCOUNT_PRIVILEGES = ['RoleReadOnly', 'RoleReadWrite'] as const
export type AccountPrivilege = (typeof ACCOUNT_PRIVILEGES)[number]

/** The instance's own account: its password is the instance password (reference-more §2 describeAccounts, INF). */
export const DEFAULT_ACCOUNT_NAME = 'default'

export interface StoredAccount {
  accountName: string
  accountPrivilege: AccountPrivilege
  accountDescription: string
  /** Never sent on the wire (reference-more §2: never return passwords). */
  password: string
}

/** reference-more §2 Accounts: the four documented fields. */
export interface AccountView {
  accountName: string
  accountType: 'default' | 'normal'
  accountPrivilege: AccountPrivilege
  accountDescription: string
}

export function accountViews(stored: StoredInstance): AccountView[] {
  return [
    { accountName: DEFAULT_ACCOUNT_NAME, accountType: 'default', accountPrivilege: 'RoleReadWrite', accountDescription: stored.defaultAccountDescription ?? '' },
    ...(stored.redisAccounts ?? []).map((a) => ({
      accountName: a.accountName,
      accountType: 'normal' as const,
      accountPrivilege: a.accountPrivilege,
      accountDescription: a.accountDescription,
    })),
  ]
}

/** Real-Redis mode: a read-only account may run no write command (reference-more §2 RoleReadOnly). */
export const READ_ONLY_RULES = ['-@write']
