// Settings for sign-in: inactivity lock and lock-out time (administrators; both apply to every session at once).
import { Button, Card, Group, NumberInput, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useAction, useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'

const IDLE_DEFAULT = 600
const LOCKOUT_DEFAULT = 15

export function SessionSettings() {
  const settings = useCall('settings.get', {})
  const save = useAction('settings.set', ['settings.get', 'auth.status'])
  const [idleMinutes, setIdleMinutes] = useState(IDLE_DEFAULT / 60)
  const [lockout, setLockout] = useState(LOCKOUT_DEFAULT)
  useEffect(() => {
    if (!settings.data) return
    const idle = settings.data['auth.idleLockSeconds']
    const out = settings.data['auth.lockoutMinutes']
    setIdleMinutes((typeof idle === 'number' ? idle : IDLE_DEFAULT) / 60)
    setLockout(typeof out === 'number' ? out : LOCKOUT_DEFAULT)
  }, [settings.data])
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Text fw={600}>Sign-in and locking</Text>
        <Text size="sm" c="dimmed">
          A session locks after this long without keyboard or mouse input, hiding patient data until the password is entered again. After 5 wrong
          passwords in a row an account is locked out for the lock-out time (or until an administrator resets its password).
        </Text>
        <Group align="end">
          <NumberInput label="Lock after (minutes without input)" value={idleMinutes} onChange={(v) => setIdleMinutes(Number(v))} min={1} max={1440} w={240} />
          <NumberInput label="Lock-out (minutes)" value={lockout} onChange={(v) => setLockout(Number(v))} min={1} max={1440} w={160} />
          <Button
            variant="default"
            onClick={() => {
              save.mutate({ key: 'auth.idleLockSeconds', value: Math.round(idleMinutes * 60) })
              save.mutate({ key: 'auth.lockoutMinutes', value: lockout })
            }}
          >
            Save
          </Button>
        </Group>
        {save.error && <ErrorAlert error={save.error} title="Not saved" />}
      </Stack>
    </Card>
  )
}
