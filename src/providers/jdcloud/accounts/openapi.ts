// The accounts group's operations (reference-more §2) for the OpenAPI document.
import { lazy } from '../../../core/lazy.js'
import type { Operation } from '../../../core/openapi.js'
import { done, failure, instanceOperation, NOT_FOUND_INSTANCE, precondition, result } from '../openapi-kit.js'
import { accountsResult } from './responses.js'
import { createAccountBody, deleteAccountQuerySchema, modifyAccount, modifyAccountsBody } from './schemas.js'

const TAG = 'accounts'
const MORE = 'reference jdcloud-redis-more.md §2'
const USERS = 'the accounts are ACL users of the instance’s server (RoleReadOnly: no write command); the default account’s password is requirepass'
// built on first use, not at import (issue #20)
const NO_ACCOUNT = lazy(() => failure(`${NOT_FOUND_INSTANCE}; or no account of that name`))

export function accountOperations(): Operation[] {
  return [
    instanceOperation({
      method: 'get',
      sub: '/account',
      operationId: 'describeAccounts',
      summary: 'The default account and the normal accounts',
      tag: TAG,
      source: `${MORE}; inferred: every engine version supports accounts, the default account is listed first`,
      responses: { 200: result('the accounts (never their passwords)', accountsResult()) },
    }),
    instanceOperation({
      method: 'post',
      sub: '/account',
      operationId: 'createAccount',
      summary: 'Create a normal account',
      tag: TAG,
      source: `${MORE}; inferred: name and password rules, a duplicate name is 409`,
      realRedis: `adds the ACL user (${USERS})`,
      body: { schema: createAccountBody() },
      responses: {
        200: done('created'),
        400: precondition('the instance is not running'),
        409: failure('ALREADY_EXISTS: an account of that name (or `default`) exists'),
      },
    }),
    instanceOperation({
      method: 'patch',
      sub: '/account',
      operationId: 'modifyAccount',
      summary: 'Change an account’s password, privilege or description',
      tag: TAG,
      source: `${MORE}; inferred: the default account keeps RoleReadWrite`,
      realRedis: `updates the ACL user (${USERS})`,
      body: { schema: modifyAccount() },
      responses: { 200: done('changed'), 400: precondition('the instance is not running, or the default account’s privilege would change'), 404: NO_ACCOUNT() },
    }),
    instanceOperation({
      method: 'delete',
      sub: '/account',
      operationId: 'deleteAccount',
      summary: 'Delete a normal account',
      tag: TAG,
      source: `${MORE}; inferred: the default account cannot be deleted`,
      realRedis: 'removes the ACL user',
      query: deleteAccountQuerySchema(),
      responses: { 200: done('deleted'), 400: precondition('the instance is not running, or the account is the default one'), 404: NO_ACCOUNT() },
    }),
    instanceOperation({
      method: 'patch',
      sub: '/accounts',
      operationId: 'modifyAccounts',
      summary: 'Change several accounts at once (all or nothing)',
      tag: TAG,
      source: `${MORE}, §1.4; inferred: every entry checked before any applies, a name listed twice is 400`,
      realRedis: `updates the ACL users (${USERS})`,
      body: { schema: modifyAccountsBody() },
      responses: { 200: done('changed'), 400: precondition('the instance is not running, or the default account’s privilege would change'), 404: NO_ACCOUNT() },
    }),
  ]
}
