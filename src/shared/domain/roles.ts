// The fixed set of roles a user can hold; a user may hold several.
export const ROLES = ['technician', 'clinician', 'ml', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** The signed-in person a call is made by, as handlers see it. */
export interface SessionUser {
  id: number
  username: string
  displayName: string
  roles: Role[]
}
