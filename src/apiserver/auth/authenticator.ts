// Who a request comes from: k8s.io/apiserver/pkg/authentication/request/bearertoken (the `Authorization:
// Bearer <token>` header), a static token map (authentication/token/tokenfile), the authenticated-group
// adder (authentication/group: every authenticated user is in `system:authenticated`) and, when enabled,
// the anonymous authenticator (authentication/request/anonymous) behind union.NewFailOnError: a bad token
// is a 401, never anonymous.
// fidelity: apiserver.authentication

import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, ANONYMOUS, type TokenUser, type UserInfo } from './types.js'

export type AuthenticationResult = { user: UserInfo } | { error: 'invalid bearer token' | 'no credentials' }

/** The bearer token of an `Authorization` header, or undefined (no header, another scheme, or an empty token). */
export function bearerToken(header: string | null): string | undefined {
  const auth = (header ?? '').trim()
  if (!auth) return undefined
  const parts = auth.split(' ')
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined
  const token = parts[1]!
  return token || undefined
}

export class TokenAuthenticator {
  private readonly users = new Map<string, UserInfo>()

  constructor(
    tokens: Record<string, TokenUser>,
    private readonly anonymous: boolean,
  ) {
    for (const [token, t] of Object.entries(tokens)) {
      const groups = [...(t.groups ?? [])]
      if (!groups.includes(ALL_AUTHENTICATED) && !groups.includes(ALL_UNAUTHENTICATED)) groups.push(ALL_AUTHENTICATED)
      const user: UserInfo = { name: t.user, groups }
      if (t.uid) user.uid = t.uid
      if (t.extra) user.extra = t.extra
      this.users.set(token, Object.freeze(user))
    }
  }

  authenticate(headers: Headers): AuthenticationResult {
    const token = bearerToken(headers.get('authorization'))
    if (token !== undefined) {
      const user = this.users.get(token)
      return user ? { user } : { error: 'invalid bearer token' }
    }
    return this.anonymous ? { user: ANONYMOUS } : { error: 'no credentials' }
  }
}
