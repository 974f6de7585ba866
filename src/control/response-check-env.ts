// The environment variable that turns the OpenAPI response check on (test mode): the file violations are appended to.
export const RESPONSE_CHECK_ENV = 'REDIS_CLOUD_EMULATOR_CHECK_RESPONSES'
