// Display names and one-line meanings of the roles, for the Users page and the first-run screen.
import type { Role } from '../../../../shared/domain/roles'

export const ROLE_LABELS: Record<Role, { label: string; meaning: string }> = {
  technician: { label: 'Technician', meaning: 'imports, drafts, prepares reviews' },
  clinician: { label: 'Clinician', meaning: 'reviews and signs' },
  ml: { label: 'ML', meaning: 'exports, evaluations, model versions' },
  admin: { label: 'Admin', meaning: 'users, settings, rules' },
}
