// Authentication and authorization (off unless configured). See auth.ts.

export { Auth, attributesOf } from './auth.js'
export { forbiddenError, forbiddenMessage, unauthorizedError } from './forbidden.js'
export { RbacAuthorizer, ruleAllows } from './rbac.js'
export { bootstrapPolicy } from './bootstrap-policy.js'
export * from './types.js'
export { parseAuthOptions, AuthOptionsError } from './options.js'
