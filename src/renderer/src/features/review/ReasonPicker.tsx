// The reason picker every change but accept goes through: the fixed reason list (digits choose), an optional comment, Enter confirms, Esc cancels.
import { Button, Group, Kbd, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core'
import { useRef, useState, type KeyboardEvent } from 'react'
import { REASON_CODES, REASON_LABELS, type ReasonCode } from '../../../../shared/domain/reasonCodes'
import { keyForReason, reasonForKey } from './reviewModel'

export function ReasonPicker(props: {
  title: string
  /** Preselected (e.g. "missed finding" for an added finding); Enter then confirms at once. */
  initial?: ReasonCode
  onConfirm: (reason: ReasonCode, comment: string) => void
  onCancel: () => void
}) {
  const [reason, setReason] = useState<ReasonCode | null>(props.initial ?? null)
  const [comment, setComment] = useState('')
  const commentRef = useRef<HTMLInputElement>(null)
  const confirm = () => {
    if (reason !== null) props.onConfirm(reason, comment)
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const inText = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement
    const chosen = inText || e.ctrlKey || e.metaKey || e.altKey ? null : reasonForKey(e.key)
    if (chosen !== null) {
      e.preventDefault()
      setReason(chosen)
      // Next comes the optional comment: type it, or press Enter at once.
      commentRef.current?.focus()
      return
    }
    // Enter confirms once a reason is chosen; before that, Enter on a reason chooses it (the button's own click).
    if (e.key === 'Enter' && reason !== null) {
      e.preventDefault()
      confirm()
    }
  }
  return (
    <Modal opened onClose={props.onCancel} title={props.title} returnFocus={false} size="md" data-testid="reason-picker">
      <Stack gap="xs" onKeyDown={onKeyDown} data-testid="reason-picker-body">
        <Text size="xs" c="dimmed">
          Why? Press a digit to choose (then type an optional comment), Enter to confirm, Esc to cancel. The reason is stored with the change.
        </Text>
        <Stack gap={2} role="radiogroup" aria-label="Reason">
          {REASON_CODES.map((code, i) => (
            <UnstyledButton
              key={code}
              role="radio"
              aria-checked={reason === code}
              data-autofocus={i === 0 ? true : undefined}
              data-reason={code}
              onClick={() => setReason(code)}
              px="xs"
              py={4}
              style={{
                borderRadius: 4,
                background: reason === code ? 'var(--mantine-color-blue-light)' : undefined,
                outlineOffset: -2,
              }}
            >
              <Group gap="sm">
                <Kbd size="xs">{keyForReason(code)}</Kbd>
                <Text size="sm" fw={reason === code ? 700 : 400}>
                  {REASON_LABELS[code]}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
        <TextInput ref={commentRef} label="Comment (optional)" value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={1000} data-testid="reason-comment" />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button onClick={confirm} disabled={reason === null} data-testid="reason-confirm">
            Confirm
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
