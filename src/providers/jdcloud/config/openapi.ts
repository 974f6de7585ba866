// The parameter and disabled-command operations (reference-more §6, §7) for the OpenAPI document.
import type { Operation } from '../../../core/openapi.js'
import { done, instanceOperation, precondition, result } from '../openapi-kit.js'
import { disableCommandsResult, instanceConfigResult } from './responses.js'
import { modifyInstanceConfigBody, setDisableCommandsBody } from './schemas.js'

const TAG = 'config'

export function configOperations(): Operation[] {
  return [
    instanceOperation({
      method: 'get',
      sub: '/instanceConfig',
      operationId: 'describeInstanceConfig',
      summary: 'The parameters of the instance’s engine version and their values',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §6 (parameter table)',
      responses: { 200: result('every parameter and those this version lacks', instanceConfigResult()) },
    }),
    instanceOperation({
      method: 'post',
      sub: '/instanceConfig',
      operationId: 'modifyInstanceConfig',
      summary: 'Change parameters (status configuring, then running)',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §6; inferred: every item checked before any applies, running -> configuring -> running',
      realRedis: 'CONFIG SET of the parameters a redis-server has, when the change finishes',
      body: { schema: modifyInstanceConfigBody() },
      responses: {
        200: done('the change started'),
        400: precondition('the instance is not running (INVALID_ARGUMENT also: an unknown parameter, one of another version, a value out of range)'),
      },
    }),
    instanceOperation({
      method: 'get',
      sub: '/disableCommands',
      operationId: 'getDisableCommands',
      summary: 'The disabled commands',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §7',
      responses: { 200: result('each disabled command and when it was disabled', disableCommandsResult()) },
    }),
    instanceOperation({
      method: 'post',
      sub: '/disableCommands',
      operationId: 'setDisableCommands',
      summary: 'Disable or enable commands',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §7, §1.4; inferred: applied in order, disableTime kept from the first disable',
      realRedis: 'the disabled commands are refused to every user by ACL rules on the server',
      body: { schema: setDisableCommandsBody() },
      responses: { 200: done('changed'), 400: precondition('the instance is not running') },
    }),
  ]
}
