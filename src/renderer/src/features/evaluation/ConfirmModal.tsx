// A confirmation dialog for a rollout step: what will happen, an optional acknowledgement, the error if refused.
import { Button, Checkbox, Group, Modal, Stack } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'

export function ConfirmModal(props: {
  opened: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  color?: string
  /** A statement the user must tick first (e.g. that the gate failed and they proceed anyway). */
  acknowledge?: string
  /** Extra reason the step cannot be confirmed yet (e.g. an invalid share). */
  blocked?: string | null
  pending: boolean
  error: unknown
  onConfirm: () => void
  onClose: () => void
  testId: string
}) {
  const [ack, setAck] = useState(false)
  const close = () => {
    setAck(false)
    props.onClose()
  }
  const ready = (props.acknowledge === undefined || ack) && !props.blocked
  return (
    <Modal opened={props.opened} onClose={close} title={props.title} data-testid={props.testId}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (ready) props.onConfirm()
        }}
      >
        <Stack gap="sm">
          {props.children}
          {props.acknowledge !== undefined && <Checkbox label={props.acknowledge} checked={ack} onChange={(e) => setAck(e.currentTarget.checked)} data-testid={`${props.testId}-ack`} />}
          {props.error !== null && props.error !== undefined && <ErrorAlert error={props.error} title="Not done" />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color={props.color} loading={props.pending} disabled={!ready} data-testid={`${props.testId}-confirm`}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
