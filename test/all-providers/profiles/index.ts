// The hardening profiles by provider id; the suites fail for a registered provider that has none.
import { jdcloudProfile } from './jdcloud.js'
import { kakaocloudProfile } from './kakaocloud.js'
import { redisEnterpriseProfile } from './redis-enterprise.js'
import { redistogoProfile } from './redistogo.js'
import type { Profile } from './types.js'

export const profiles: Record<string, Profile> = Object.fromEntries(
  [redisEnterpriseProfile, jdcloudProfile, kakaocloudProfile, redistogoProfile].map((p) => [p.id, p]),
)

export type { Fixture, Profile, RouteSpec } from './types.js'
export { routePath, sampleRequest } from './types.js'
