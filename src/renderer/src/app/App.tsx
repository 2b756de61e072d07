// The app shell: header with status and theme toggle, navigation, and the current page.
import { ActionIcon, AppShell, Burger, Group, NavLink, Title, Tooltip, useMantineColorScheme } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import {
  IconChartDots,
  IconChecklist,
  IconCpu,
  IconFileExport,
  IconFileImport,
  IconInfoCircle,
  IconMoon,
  IconRoute,
  IconSettings,
  IconShieldCheck,
  IconSun,
  IconUsers,
} from '@tabler/icons-react'
import { Fragment, type ReactNode } from 'react'
import { AuditBanner } from '../features/audit/AuditBanner'
import type { Role } from '../../../shared/domain/roles'
import { AuditPage } from '../features/audit/AuditPage'
import { UserMenu } from '../features/auth/UserMenu'
import { holdsAny, useSession } from '../features/auth/session'
import { UsersPage } from '../features/users/UsersPage'
import { PageEmpty } from '../components/PageEmpty'
import { EvaluationPage } from '../features/evaluation/EvaluationPage'
import { ExportPage } from '../features/export/ExportPage'
import { ImportPage } from '../features/import/ImportPage'
import { ModelsPage } from '../features/models/ModelsPage'
import { QuarantinePage } from '../features/quarantine/QuarantinePage'
import { ReportPage } from '../features/report/ReportPage'
import { RolloutBanner } from '../features/rollout/RolloutBanner'
import { RolloutPage } from '../features/rollout/RolloutPage'
import { PrintView } from '../features/review/PrintView'
import { ReviewCountsNav } from '../features/review/ReviewCountsNav'
import { ReviewPage } from '../features/review/ReviewPage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { StatusPanel } from '../features/status/StatusPanel'
import { useIgnoreStrayDrops } from '../components/useIgnoreStrayDrops'
import { WorklistPage } from '../features/worklist/WorklistPage'
import { PAGES, idParam, navigate, useRoute, type PagePath, type Route } from './routes'
import { useFollowQueue } from './useFollowQueue'

const ICONS: Record<PagePath, ReactNode> = {
  worklist: <IconChecklist size={18} />,
  import: <IconFileImport size={18} />,
  models: <IconCpu size={18} />,
  export: <IconFileExport size={18} />,
  evaluation: <IconChartDots size={18} />,
  rollout: <IconRoute size={18} />,
  settings: <IconSettings size={18} />,
  audit: <IconShieldCheck size={18} />,
  users: <IconUsers size={18} />,
}

/** Pages shown only to these roles (the handlers refuse the calls anyway); the rest are for anyone signed in. */
const PAGE_ROLES: Partial<Record<PagePath, Role[]>> = {
  import: ['technician', 'clinician'],
  export: ['ml'],
  evaluation: ['ml', 'admin'],
  rollout: ['ml', 'admin'],
  settings: ['admin'],
  audit: ['admin'],
  users: ['admin'],
}

function CurrentPage({ route }: { route: Route }) {
  const { user } = useSession()
  if (!holdsAny(user, PAGE_ROLES[route.page])) {
    return (
      <PageEmpty icon={<IconShieldCheck size={32} />} title="Not available to you">
        This page needs the {PAGE_ROLES[route.page]?.join(' or ')} role. An administrator can change your roles.
      </PageEmpty>
    )
  }
  if (route.head === 'reports') return <ReportPage key={route.params[0]} id={idParam(route)} />
  if (route.head === 'review') return <ReviewPage key={route.params[0]} id={idParam(route)} />
  if (route.head === 'print') return <PrintView key={route.params[0]} id={idParam(route)} />
  if (route.head === 'quarantine') return <QuarantinePage key={route.params[0]} id={idParam(route)} />
  switch (route.page) {
    case 'worklist':
      return <WorklistPage />
    case 'import':
      return <ImportPage />
    case 'models':
      return <ModelsPage />
    case 'export':
      return <ExportPage />
    case 'evaluation':
      return <EvaluationPage id={idParam(route)} />
    case 'rollout':
      return <RolloutPage />
    case 'settings':
      return <SettingsPage />
    case 'audit':
      return <AuditPage />
    case 'users':
      return <UsersPage />
  }
}

export function App() {
  const route = useRoute()
  const [navOpened, nav] = useDisclosure()
  const [statusOpened, status] = useDisclosure(false)
  const { colorScheme, toggleColorScheme } = useMantineColorScheme()
  const { user } = useSession()
  useIgnoreStrayDrops()
  useFollowQueue()

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={3}>Readout</Title>
          </Group>
          <Group gap="xs">
            <UserMenu />
            <Tooltip label={colorScheme === 'dark' ? 'Light theme' : 'Dark theme'}>
              <ActionIcon variant="default" size="lg" onClick={toggleColorScheme} aria-label="Toggle colour theme">
                {colorScheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </Tooltip>
            <Tooltip label="About and status">
              <ActionIcon variant="default" size="lg" onClick={status.open} aria-label="About and status">
                <IconInfoCircle size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {PAGES.filter((p) => holdsAny(user, PAGE_ROLES[p.path])).map((p) => (
          <Fragment key={p.path}>
            <NavLink
              label={p.label}
              leftSection={ICONS[p.path]}
              active={route.page === p.path}
              href={`#/${p.path}`}
              onClick={(e) => {
                e.preventDefault()
                navigate(p.path)
                nav.close()
              }}
            />
            {p.path === 'worklist' && holdsAny(user, ['technician', 'clinician']) && <ReviewCountsNav />}
          </Fragment>
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <AuditBanner />
        <RolloutBanner />
        <CurrentPage route={route} />
      </AppShell.Main>
      <StatusPanel opened={statusOpened} onClose={status.close} />
    </AppShell>
  )
}
