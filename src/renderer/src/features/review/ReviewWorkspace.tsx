// The review side of the review screen: the draft's findings with a decision each (keys a/e/r/n, j/k), the text parts,
// write-from-scratch, autosave with conflict handling, the diff, and signing (Ctrl+Enter → dialog; never automatic).
import { Alert, Badge, Button, Group, Kbd, Loader, Modal, Stack, Text, Textarea } from '@mantine/core'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ReviewState } from '../../../../shared/contract/review'
import type { DraftFinding } from '../../../../shared/domain/interpretation'
import type { ReasonCode } from '../../../../shared/domain/reasonCodes'
import { REASON_LABELS } from '../../../../shared/domain/reasonCodes'
import { call } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatLocalTime } from '../../components/format'
import { Section } from '../../components/Section'
import { DraftLabel } from '../report/DraftBadges'
import { DiffView } from './DiffView'
import { FindingEditor, editorValueOf, type EditorValue } from './FindingEditor'
import { ReasonPicker } from './ReasonPicker'
import { ReviewFindingCard } from './ReviewFindingCard'
import {
  decide,
  docFromState,
  editDecision,
  putAdded,
  rejectWholeDraft,
  removeAdded,
  restoreDraft,
  reviewRows,
  undecidedCount,
  type ReviewRow,
  type WorkingDoc,
} from './reviewModel'
import { ShortcutsHelp } from './ShortcutsHelp'
import { SignDialog } from './SignDialog'
import { setTextField, textValue, type TextField } from './textFields'
import { TextFieldsPanel } from './TextFieldsPanel'
import { useAutosave, type SaveStatus } from './useAutosave'
import { useReviewKeys, type ReviewKey } from './useReviewKeys'

type EditTarget = { kind: 'draft'; draftIndex: number; original: DraftFinding } | { kind: 'added'; position: number | undefined }
type Mode =
  | { kind: 'reason'; title: string; initial?: ReasonCode; apply: (reason: ReasonCode, comment: string) => void }
  | { kind: 'edit'; target: EditTarget; value: EditorValue; problem: string | null }
  | { kind: 'text'; field: TextField; value: string; problem: string | null }
  | { kind: 'sign'; state: ReviewState }
  | { kind: 'help' }
  | { kind: 'return' }

function SaveBadge({ status }: { status: SaveStatus }) {
  const map = { saved: ['teal', 'saved'], pending: ['gray', 'unsaved changes'], saving: ['blue', 'saving…'], error: ['red', 'not saved'], conflict: ['red', 'not saved: conflict'] } as const
  const [color, label] = map[status.kind]
  return (
    <Badge color={color} variant="light" data-testid="autosave-status" data-status={status.kind}>
      {label}
    </Badge>
  )
}

export function ReviewWorkspace(props: {
  initial: ReviewState
  canSign: boolean
  signerName: string
  /** An observation clicked in the report side, to link as evidence while a finding is edited; bumped per click. */
  linkRequest: { observationId: number; n: number } | null
  onSelectedEvidence: (ids: readonly string[]) => void
  onStateChange: (s: ReviewState) => void
}) {
  const [state, setState] = useState(props.initial)
  const [{ doc, revision }, setDocRev] = useState(() => ({ doc: docFromState(props.initial), revision: 0 }))
  const [mode, setMode] = useState<Mode | null>(null)
  const [selected, setSelected] = useState(0)
  const [focusRequest, setFocusRequest] = useState(1)
  const [notice, setNotice] = useState<string | null>(null)
  const [conflict, setConflict] = useState<{ who: string; at: string | null } | null>(null)
  const [kept, setKept] = useState<WorkingDoc | null>(null)
  const [returnComment, setReturnComment] = useState('')
  const [error, setError] = useState<unknown>(null)
  const rowRefs = useRef(new Map<string, HTMLDivElement>())
  const base = state.base.content
  const rows = useMemo(() => reviewRows(base, doc), [base, doc])
  const undecided = undecidedCount(rows)
  const fromScratch = state.base.kind === 'none' || doc.rejectDraft !== undefined
  const { onStateChange } = props

  const updateState = useCallback(
    (s: ReviewState) => {
      setState(s)
      onStateChange(s)
    },
    [onStateChange],
  )
  const onConflict = useCallback(() => {
    void call('review.get', { reportId: props.initial.reportId }).then(
      (s) => setConflict({ who: s.lastReviewer?.name ?? 'Someone else', at: s.updatedAt }),
      () => setConflict({ who: 'Someone else', at: null }),
    )
  }, [props.initial.reportId])
  const autosave = useAutosave({ reportId: state.reportId, doc, revision, rowVersion: state.rowVersion, enabled: conflict === null, onSaved: updateState, onConflict })

  const askReason = (m: Omit<Extract<Mode, { kind: 'reason' }>, 'kind'>) => setMode({ kind: 'reason', ...m })
  const update = (fn: (d: WorkingDoc) => WorkingDoc) => setDocRev((x) => ({ doc: fn(x.doc), revision: x.revision + 1 }))

  // Keyboard focus follows the selected finding, so a whole review works without the mouse. Only on a focus request
  // (a move, a closed picker), not on every edit.
  useEffect(() => {
    if (mode !== null) return
    const row = rows[Math.min(selected, rows.length - 1)]
    if (row) rowRefs.current.get(row.key)?.focus()
  }, [focusRequest])

  const current: ReviewRow | undefined = rows[Math.min(selected, Math.max(rows.length - 1, 0))]
  const { onSelectedEvidence } = props
  useEffect(() => onSelectedEvidence(current?.result?.evidence ?? []), [current, onSelectedEvidence])

  // An observation clicked in the report while a finding is being edited is linked (or unlinked) as its evidence.
  const link = props.linkRequest
  useEffect(() => {
    if (!link) return
    setMode((m) => {
      if (m?.kind !== 'edit') return m
      const id = `O${link.observationId}`
      const ids = m.value.evidence.split(/[\s,;]+/).filter((x) => x !== '')
      const next = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]
      return { ...m, value: { ...m.value, evidence: next.join(', ') } }
    })
  }, [link])

  const close = (moveOn: boolean) => {
    setMode(null)
    if (moveOn) {
      // The next undecided finding after this one, else the next one.
      const after = rows.findIndex((r, i) => i > selected && r.kind === 'draft' && r.decision === undefined)
      setSelected(after >= 0 ? after : Math.min(selected + 1, rows.length - 1))
    }
    setFocusRequest((n) => n + 1)
  }

  const startEdit = (row: ReviewRow | undefined) => {
    if (!row) return
    const value = editorValueOf(row.result ?? (row.kind === 'draft' ? row.original : null))
    const target: EditTarget = row.kind === 'draft' ? { kind: 'draft', draftIndex: row.draftIndex, original: row.original } : { kind: 'added', position: row.addPosition }
    setMode({ kind: 'edit', target, value, problem: null })
  }

  const finishEdit = (finding: DraftFinding) => {
    if (mode?.kind !== 'edit') return
    const t = mode.target
    if (t.kind === 'draft') {
      if (editDecision(t.draftIndex, t.original, finding, 'other', '') === null) {
        setMode({ ...mode, problem: 'Nothing changed. To keep the finding as the draft wrote it, accept it (a).' })
        return
      }
      askReason({
        title: `Why is finding ${t.draftIndex + 1} changed?`,
        initial: finding.severity !== t.original.severity ? 'wrong_severity' : undefined,
        apply: (reason, comment) => {
          const d = editDecision(t.draftIndex, t.original, finding, reason, comment)
          if (d) update((doc) => decide(doc, d))
          close(true)
        },
      })
    } else {
      askReason({
        title: t.position === undefined ? 'Why is this finding added?' : 'Why is the added finding changed?',
        initial: 'missed_finding',
        apply: (reason, comment) => {
          update((doc) => putAdded(doc, { action: 'add', ...finding, reason, comment: comment.trim() || null }, t.position))
          if (t.position === undefined) setSelected(rows.length)
          close(false)
        },
      })
    }
  }

  const reject = (row: ReviewRow | undefined) => {
    if (!row) return
    if (row.kind === 'added') {
      update((doc) => removeAdded(doc, row.addPosition))
      close(false)
      return
    }
    askReason({
      title: `Why is finding ${row.draftIndex + 1} rejected?`,
      apply: (reason, comment) => {
        update((doc) => decide(doc, { draftIndex: row.draftIndex, action: 'reject', reason, comment: comment.trim() || null }))
        close(true)
      },
    })
  }

  const accept = (row: ReviewRow | undefined) => {
    if (row?.kind !== 'draft') return
    update((doc) => decide(doc, { draftIndex: row.draftIndex, action: 'accept' }))
    close(true)
  }

  const continueText = () => {
    if (mode?.kind !== 'text') return
    const check = setTextField(doc, mode.field, mode.value, 'other', '')
    if (typeof check === 'string') {
      setMode({ ...mode, problem: check })
      return
    }
    const { field, value } = mode
    askReason({
      title: 'Why is it changed?',
      initial: fromScratch ? 'other' : field === 'overallSeverity' ? 'wrong_severity' : undefined,
      apply: (reason, comment) => {
        update((doc) => {
          const next = setTextField(doc, field, value, reason, comment)
          return typeof next === 'string' ? doc : next
        })
        close(false)
      },
    })
  }

  const startSign = async () => {
    setNotice(null)
    setError(null)
    try {
      await autosave.flush()
      if (conflict) return
      const s = await call('review.get', { reportId: state.reportId })
      updateState(s)
      if (!s.signOff || !s.working) setNotice('Nothing to sign yet: decide on the draft’s findings (or write the interpretation) first.')
      else if (!s.signOff.ready) setNotice(`Not ready to sign: ${s.signOff.blockers.join('; ')}`)
      else setMode({ kind: 'sign', state: s })
    } catch (err) {
      setError(err)
    }
  }

  const sendBack = async () => {
    try {
      await autosave.flush()
      const s = await call('review.return', { reportId: state.reportId, baseVersion: state.rowVersion, comment: returnComment.trim() })
      setMode(null)
      updateState(s)
    } catch (err) {
      setError(err)
    }
  }

  const reload = async () => {
    const s = await call('review.get', { reportId: state.reportId })
    setKept(doc)
    setConflict(null)
    setState(s)
    const rev = revision + 1
    setDocRev({ doc: docFromState(s), revision: rev })
    autosave.restart(s, rev)
  }

  // Edits refused by a conflict: those of this screen, else those the server kept for this user (e.g. after a restart).
  const serverKept = state.keptEdits[state.keptEdits.length - 1]
  const keptShown = kept ?? (serverKept ? docFromState({ document: serverKept.document }) : null)
  const dismissKept = () => {
    setKept(null)
    if (state.keptEdits.length > 0) {
      autosave.resolveKept(state.keptEdits.map((k) => k.id))
      update((d) => d)
    }
  }

  const onKey = (k: ReviewKey) => {
    const row = current
    switch (k) {
      case 'next':
      case 'previous': {
        setSelected((i) => Math.max(0, Math.min(rows.length - 1, i + (k === 'next' ? 1 : -1))))
        setFocusRequest((n) => n + 1)
        return
      }
      case 'accept':
        return accept(row)
      case 'edit':
        return startEdit(row)
      case 'reject':
        return reject(row)
      case 'new':
        return setMode({ kind: 'edit', target: { kind: 'added', position: undefined }, value: editorValueOf(null), problem: null })
      case 'help':
        return setMode({ kind: 'help' })
      case 'sign':
        if (props.canSign) void startSign()
        else setNotice('Only a clinician signs. Your review is saved; a clinician can sign it.')
        return
    }
  }
  useReviewKeys(mode === null && conflict === null, onKey)

  const editingRowKey = mode?.kind !== 'edit' ? null : mode.target.kind === 'draft' ? `d${mode.target.draftIndex}` : `a${mode.target.position ?? 'new'}`
  const editTarget = mode?.kind === 'edit' ? mode.target : null
  const editOriginal =
    editTarget === null
      ? null
      : editTarget.kind === 'draft'
        ? editTarget.original
        : (rows.find((r) => r.kind === 'added' && r.addPosition === editTarget.position)?.result ?? null)
  const editor =
    mode?.kind === 'edit' ? (
      <FindingEditor
        title={mode.target.kind === 'draft' ? `Edit finding ${mode.target.draftIndex + 1}` : mode.target.position === undefined ? 'New finding' : 'Edit the added finding'}
        value={mode.value}
        original={editOriginal}
        onChange={(value) => setMode({ ...mode, value, problem: null })}
        onContinue={finishEdit}
        onCancel={() => close(false)}
      />
    ) : null

  return (
    <Stack gap="sm" data-testid="review-workspace">
      <Group justify="space-between">
        <Group gap="xs">
          {!fromScratch && <DraftLabel />}
          {fromScratch && (
            <Badge color="grape" size="lg">
              WRITTEN BY THE REVIEWER
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <SaveBadge status={autosave.status} />
          <Text size="xs" c="dimmed">
            Press <Kbd size="xs">?</Kbd> for shortcuts
          </Text>
        </Group>
      </Group>
      {state.returned && (
        <Alert color="orange" title={`Returned by ${state.returned.by.name} on ${formatLocalTime(state.returned.at)}`} data-testid="review-returned">
          {state.returned.comment}
        </Alert>
      )}
      {conflict && (
        <Alert color="red" title="Not saved: someone else saved this report" data-testid="review-conflict">
          <Text size="sm">
            {conflict.who} saved this report{conflict.at ? ` at ${formatLocalTime(conflict.at)}` : ''}; your edits are kept below — reload and re-apply them.
          </Text>
          <Button mt="xs" size="xs" onClick={() => void reload()} data-testid="review-reload">
            Reload the saved review
          </Button>
        </Alert>
      )}
      {autosave.status.kind === 'error' && <ErrorAlert error={new Error(autosave.status.message)} title="Autosave failed; your edits are still here" />}
      {keptShown && (
        <Alert
          color="yellow"
          title="Your edits refused by a conflict (re-apply what still applies, then close this)"
          withCloseButton
          onClose={dismissKept}
          data-testid="review-kept"
        >
          {reviewRows(base, keptShown).map((r, i) => (
            <Text key={r.key} size="xs">
              #{i + 1}: {r.kind === 'added' ? 'added' : (r.decision?.action ?? 'not decided')}
              {r.decision && r.decision.action !== 'accept' ? ` (${REASON_LABELS[r.decision.reason]})` : ''} — {r.result?.statement ?? ''}
            </Text>
          ))}
        </Alert>
      )}
      {state.newerDraftId !== null && (
        <Alert color="blue" data-testid="review-newer-draft">
          A newer model draft exists. This review stays on the draft it started from.
        </Alert>
      )}
      {notice && (
        <Alert color="orange" withCloseButton onClose={() => setNotice(null)} data-testid="review-notice">
          {notice}
        </Alert>
      )}
      {error !== null && <ErrorAlert error={error} />}

      <Section
        title={`Findings (${rows.length})${undecided > 0 ? ` · ${undecided} to decide` : ''}`}
        actions={
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => onKey('new')}>
              Add finding (n)
            </Button>
            {state.base.kind === 'draft' &&
              (doc.rejectDraft ? (
                <Button size="xs" variant="default" onClick={() => update(restoreDraft)}>
                  Review the draft again
                </Button>
              ) : (
                <Button
                  size="xs"
                  variant="default"
                  color="red"
                  data-testid="reject-draft"
                  onClick={() =>
                    askReason({
                      title: 'Why is the whole draft rejected? You will write the interpretation yourself.',
                      apply: (reason, comment) => {
                        update((d) => rejectWholeDraft(d, reason, comment))
                        close(false)
                      },
                    })
                  }
                >
                  Reject the whole draft…
                </Button>
              ))}
          </Group>
        }
        testId="review-findings"
      >
        {state.base.kind === 'none' && (
          <Text size="sm" c="dimmed" data-testid="review-no-draft">
            There is no model draft for this report. Write the interpretation: add findings (n), then the summary and overall severity below. Or generate a draft
            on the report page first.
          </Text>
        )}
        {doc.rejectDraft && (
          <Text size="sm" c="dimmed">
            The draft is rejected ({REASON_LABELS[doc.rejectDraft.reason]}). Add the findings (n) and write the summary and overall severity.
          </Text>
        )}
        {rows.length === 0 && !fromScratch && (
          <Text size="sm" c="dimmed">
            The draft lists no findings. Add any it missed (n), or check the text below.
          </Text>
        )}
        <Stack gap={6}>
          {rows.map((row, i) =>
            editingRowKey === row.key ? (
              <div key={row.key}>{editor}</div>
            ) : (
              <ReviewFindingCard
                key={row.key}
                ref={(el) => {
                  if (el) rowRefs.current.set(row.key, el)
                  else rowRefs.current.delete(row.key)
                }}
                row={row}
                number={i + 1}
                selected={i === selected}
                issues={row.kind === 'draft' ? state.base.issues.filter((x) => x.findingIndex === row.draftIndex) : []}
                readOnly={false}
                onSelect={() => setSelected(i)}
                onAccept={() => accept(row)}
                onEdit={() => startEdit(row)}
                onReject={() => reject(row)}
                onRemove={() => reject(row)}
              />
            ),
          )}
          {editingRowKey === 'anew' && editor}
        </Stack>
      </Section>

      <Section title="Interpretation" testId="review-text">
        {state.base.issues.filter((x) => x.findingIndex === null).map((x, n) => (
          <Text key={n} size="xs" c="red">
            Evidence check: {x.message}
          </Text>
        ))}
        <TextFieldsPanel
          base={base}
          doc={doc}
          readOnly={false}
          editing={mode?.kind === 'text' ? mode : null}
          problem={mode?.kind === 'text' ? mode.problem : null}
          onEdit={(field) => setMode({ kind: 'text', field, value: textValue(base, doc, field).value, problem: null })}
          onChange={(value) => mode?.kind === 'text' && setMode({ ...mode, value, problem: null })}
          onContinue={continueText}
          onCancel={() => close(false)}
        />
      </Section>

      <Section title="Changes: draft → version to be signed" testId="review-diff-section">
        {state.working ? (
          <DiffView diff={state.working.diff} />
        ) : (
          <Text size="sm" c="dimmed">
            No decision saved yet: the changes appear here as you review.
          </Text>
        )}
      </Section>

      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={() => setMode({ kind: 'return' })} data-testid="return-button">
          Return…
        </Button>
        {props.canSign && (
          <Button onClick={() => void startSign()} data-testid="sign-button" disabled={autosave.status.kind === 'saving'}>
            {autosave.status.kind === 'saving' ? <Loader size="xs" /> : 'Sign… (Ctrl+Enter)'}
          </Button>
        )}
      </Group>

      {mode?.kind === 'reason' && <ReasonPicker title={mode.title} initial={mode.initial} onConfirm={mode.apply} onCancel={() => close(false)} />}
      {mode?.kind === 'help' && <ShortcutsHelp onClose={() => close(false)} />}
      {mode?.kind === 'sign' && (
        <SignDialog
          state={mode.state}
          signerName={props.signerName}
          onCancel={() => close(false)}
          onSigned={(s) => {
            setMode(null)
            updateState(s)
          }}
        />
      )}
      {mode?.kind === 'return' && (
        <Modal opened onClose={() => close(false)} title="Return the report" returnFocus={false}>
          <Stack gap="sm">
            <Textarea
              label="Why is it returned? (e.g. re-import, re-draft)"
              value={returnComment}
              onChange={(e) => setReturnComment(e.currentTarget.value)}
              maxLength={1000}
              autoFocus
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button onClick={() => void sendBack()} disabled={returnComment.trim() === ''} data-testid="return-confirm">
                Return
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  )
}

