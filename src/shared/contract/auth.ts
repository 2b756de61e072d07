// Contract methods for signing in and out, locking, passwords, and the administration of user accounts.
import { z } from 'zod'
import { ROLES } from '../domain/roles'
import { MAX_PASSWORD_LENGTH } from '../domain/passwordPolicy'
import { method } from './define'

export const UsernameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'use letters, digits and . _ @ - only')
const DisplayNameSchema = z.string().trim().min(1).max(200)
/** The policy (length, blocklist) is checked by the service, whose message says what to change; this only bounds size. */
const PasswordSchema = z.string().min(1).max(MAX_PASSWORD_LENGTH * 4)
const RolesSchema = z.array(z.enum(ROLES)).min(1, 'give at least one role')

export const SessionUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
})

export const AuthStatusSchema = z.object({
  /** False on a fresh install: the app asks for the first administrator. */
  hasUsers: z.boolean(),
  /** The session's user (also while locked, so the lock screen can name them); null when signed out. */
  user: SessionUserSchema.nullable(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  /** Inactivity after which the session locks, so the renderer's own timer matches the server's. */
  idleLockSeconds: z.number().int(),
})
export type AuthStatus = z.infer<typeof AuthStatusSchema>

export const UserSummarySchema = SessionUserSchema.extend({
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  /** Set while the account is locked out after failed sign-ins. */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  passwordChangedAt: z.string(),
  /** The hash's parameters (never the hash): shows which accounts still use older, weaker settings. */
  kdf: z.object({ name: z.literal('scrypt'), n: z.number().int(), r: z.number().int(), p: z.number().int() }),
})
export type UserSummary = z.infer<typeof UserSummarySchema>

const Empty = z.object({}).strict()
const UserId = z.object({ id: z.number().int().positive() }).strict()

export const authContract = {
  /** Whether any user exists, who this session belongs to, and whether it is locked. `active` marks user activity. */
  'auth.status': method(z.object({ active: z.boolean().optional() }).strict(), AuthStatusSchema),
  /** Create the first administrator and sign this session in; refused once any user exists. */
  'auth.createFirstAdmin': method(
    z
      .object({
        username: UsernameSchema,
        displayName: DisplayNameSchema,
        password: PasswordSchema,
        /** Roles besides admin, for a site where one person does several jobs. */
        roles: z.array(z.enum(ROLES)).optional(),
      })
      .strict(),
    AuthStatusSchema,
  ),
  /** Sign this session in; 5 failures in a row lock the account for the configured time. */
  'auth.signIn': method(z.object({ username: UsernameSchema, password: PasswordSchema }).strict(), AuthStatusSchema),
  'auth.signOut': method(Empty, AuthStatusSchema),
  /** Lock this session (patient data hidden until the password is entered again). */
  'auth.lock': method(Empty, AuthStatusSchema),
  'auth.unlock': method(z.object({ password: PasswordSchema }).strict(), AuthStatusSchema),
  /** Change the signed-in user's own password (also the way out of a forced change). */
  'auth.changePassword': method(z.object({ currentPassword: PasswordSchema, newPassword: PasswordSchema }).strict(), AuthStatusSchema),

  /** Every account (administrators). */
  'users.list': method(Empty, z.array(UserSummarySchema)),
  /**
   * The people whose reviews the worklist can filter by: enabled accounts that review (clinician or technician), with
   * their display names only. Any signed-in user: colleagues' names are not patient data, the rest of an account is.
   */
  'users.reviewers': method(Empty, z.array(z.object({ id: z.number().int(), displayName: z.string() }))),
  /** Add an account (administrators); with `mustChangePassword` the person sets their own at first sign-in. */
  'users.create': method(
    z
      .object({
        username: UsernameSchema,
        displayName: DisplayNameSchema,
        roles: RolesSchema,
        password: PasswordSchema,
        mustChangePassword: z.boolean().default(false),
      })
      .strict(),
    UserSummarySchema,
  ),
  /** Change an account's display name and roles (administrators). */
  'users.update': method(
    z.object({ id: z.number().int().positive(), displayName: DisplayNameSchema.optional(), roles: RolesSchema.optional() }).strict(),
    UserSummarySchema,
  ),
  /** Disable an account: it can no longer sign in and its sessions end (administrators). */
  'users.disable': method(UserId, UserSummarySchema),
  'users.enable': method(UserId, UserSummarySchema),
  /** Set a temporary password the person must change at their next sign-in; clears a lock-out (administrators). */
  'users.resetPassword': method(z.object({ id: z.number().int().positive(), password: PasswordSchema }).strict(), UserSummarySchema),
}
