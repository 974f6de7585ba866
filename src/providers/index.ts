// The provider registry: the one list a new provider adds itself to.
import type { AnyProvider } from '../core/provider.js'
import { jdcloud } from './jdcloud/index.js'
import { kakaocloud } from './kakaocloud/index.js'
import { redisEnterprise } from './redis-enterprise/index.js'
import { redistogo } from './redistogo/index.js'

export const providers: AnyProvider[] = [redisEnterprise, jdcloud, kakaocloud, redistogo]
