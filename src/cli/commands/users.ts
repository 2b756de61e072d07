// `readout users add|list|set-roles|disable|enable|reset-password|change-password`: accounts from the command line.
import type { AuthStatus, UserSummary } from '../../shared/contract/auth'
import { ROLES, type Role } from '../../shared/domain/roles'
import { userSummary } from '../../main/auth/userAdmin'
import { findUserByName } from '../../main/store/users'
import { call, CliError, openCliServices, parseCommandArgs, printJson, type CliSession, type Command, out } from '../common'
import { readNewPassword } from '../password'

export function parseRoles(value: string | undefined): Role[] {
  if (!value) throw new CliError(`give --role ROLE[,ROLE] (roles: ${ROLES.join(', ')})`)
  const roles = value.split(',').map((r) => r.trim())
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r))
  if (unknown.length) throw new CliError(`unknown role ${unknown.join(', ')}: use ${ROLES.join(', ')}`)
  return roles as Role[]
}

function line(u: UserSummary): string {
  const state = [u.disabled && 'disabled', u.lockedUntil && `locked out until ${u.lockedUntil}`, u.mustChangePassword && 'must change password'].filter(Boolean).join(', ')
  return `${String(u.id).padStart(4)}  ${u.username.padEnd(20)} ${u.displayName.slice(0, 28).padEnd(28)} ${u.roles.join(',').padEnd(32)} ${state}`
}

async function userId(cli: CliSession, username: string | undefined): Promise<number> {
  if (!username) throw new CliError('give the username')
  const users = await call<UserSummary[]>(cli, 'users.list', {})
  const u = users.find((x) => x.username.toLowerCase() === username.toLowerCase())
  if (!u) throw new CliError(`no user named ${username}`)
  return u.id
}

export const usersCommand: Command = {
  name: 'users',
  summary: 'Manage user accounts (the first one must be an administrator)',
  usage:
    'readout users add NAME --role ROLE[,ROLE] [--display-name TEXT] [--must-change-password] --password-stdin\n' +
    '       readout users list --user ADMIN [--json]\n' +
    '       readout users set-roles NAME --role ROLE[,ROLE] --user ADMIN\n' +
    '       readout users disable|enable NAME --user ADMIN\n' +
    '       readout users reset-password NAME --user ADMIN --password-stdin   (a temporary password, changed at next sign-in)\n' +
    '       readout users change-password --user NAME --password-stdin        (your own; the current one in READOUT_PASSWORD)\n\n' +
    `  Roles: ${ROLES.join(', ')}. Passwords: at least 15 characters. The new password is read from stdin;\n` +
    '  the acting user\'s from READOUT_PASSWORD (or asked for on a terminal). On a new data folder, "users add" with\n' +
    '  --role admin creates the first administrator and needs no --user.',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { role: { type: 'string' }, 'display-name': { type: 'string' }, 'password-stdin': { type: 'boolean', default: false }, 'must-change-password': { type: 'boolean', default: false } },
      true,
    )
    const [sub, name] = positionals
    const needsNewPassword = sub === 'add' || sub === 'reset-password' || sub === 'change-password'
    if (needsNewPassword && !values['password-stdin']) throw new CliError(`'users ${sub}' reads the new password from stdin: add --password-stdin`)

    if (sub === 'add') {
      if (!name) throw new CliError('usage: readout users add NAME --role ROLE[,ROLE] --password-stdin')
      const roles = parseRoles(values.role)
      const anon = await openCliServices(values, { asUser: false })
      const first = !anon.services.auth.hasUsers()
      anon.services.close()
      if (first && !roles.includes('admin')) throw new CliError('the first user must be an administrator: add admin to --role')
      const password = await readNewPassword()
      const displayName = values['display-name'] ?? name
      const cli = await openCliServices(values, { asUser: !first })
      try {
        if (first) await call<AuthStatus>(cli, 'auth.createFirstAdmin', { username: name, displayName, password, roles })
        else await call<UserSummary>(cli, 'users.create', { username: name, displayName, roles, password, mustChangePassword: values['must-change-password'] })
        const record = findUserByName(cli.services.db, name)
        const created = record && userSummary(record)
        if (values.json) printJson(created)
        else out(`added ${name} (${roles.join(', ')})${first ? ' as the first administrator' : ''}\n`)
        return 0
      } finally {
        cli.services.close()
      }
    }

    if (sub === 'change-password') {
      const cli = await openCliServices(values, { asUser: false })
      try {
        if (!values.user) throw new CliError('give --user NAME (the current password in READOUT_PASSWORD)')
        const current = process.env.READOUT_PASSWORD
        if (!current) throw new CliError('set READOUT_PASSWORD to the current password')
        const user = findUserByName(cli.services.db, values.user)
        // The same answer as a wrong password, so the command does not reveal which names exist.
        if (!user) await cli.services.auth.authenticate(values.user, current, 'cli', 'cli')
        await cli.services.auth.changePassword(user!, current, await readNewPassword(), 'cli')
        // --json: the account as it is now (one document, like the other subcommands), never the password.
        const changed = findUserByName(cli.services.db, user!.username)
        if (values.json) printJson(changed && userSummary(changed))
        else out(`password changed for ${user!.username}\n`)
        return 0
      } finally {
        cli.services.close()
      }
    }

    if (!['list', 'set-roles', 'disable', 'enable', 'reset-password'].includes(sub ?? '')) {
      throw new CliError("use 'readout users add', 'list', 'set-roles', 'disable', 'enable', 'reset-password' or 'change-password'")
    }
    const cli = await openCliServices(values)
    try {
      if (sub === 'list') {
        const users = await call<UserSummary[]>(cli, 'users.list', {})
        if (values.json) printJson(users)
        else for (const u of users) out(line(u) + '\n')
        return 0
      }
      const id = await userId(cli, name)
      let result: UserSummary
      if (sub === 'set-roles') result = await call<UserSummary>(cli, 'users.update', { id, roles: parseRoles(values.role) })
      else if (sub === 'disable') result = await call<UserSummary>(cli, 'users.disable', { id })
      else if (sub === 'enable') result = await call<UserSummary>(cli, 'users.enable', { id })
      else result = await call<UserSummary>(cli, 'users.resetPassword', { id, password: await readNewPassword() })
      if (values.json) printJson(result)
      else out(line(result) + '\n')
      return 0
    } finally {
      cli.services.close()
    }
  },
}
