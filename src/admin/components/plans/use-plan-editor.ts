import { useCallback, useEffect, useRef, useState } from "react"
import { mlmPost } from "../../lib/mlm-api"
import { mlmPath } from "../../lib/mlm-http"
import { useInvalidateMlm } from "../../lib/mlm-query"
import { sameDraft, type Draft } from "./plan-draft"
import type { Plan, PlanPeriod, PlanValidation } from "./plan-types"

/**
 * The editor's state: the working draft, the last saved one, and the server's verdict on the
 * saved one. Validate, simulate and activate all read the SAVED draft on the server, so each runs
 * after `ensureSaved`; every save is followed by a validation, which is how issues reach the form.
 */

export type PlanEditorState = {
  draft: Draft
  setDraft: (next: Draft) => void
  name: string
  setName: (name: string) => void
  period: PlanPeriod
  setPeriod: (period: PlanPeriod) => void
  dirty: boolean
  saving: boolean
  saveError: unknown
  validation: PlanValidation | null
  validating: boolean
  validationError: unknown
  /** Whether `validation` describes what is on screen (false while there are unsaved changes). */
  validationIsCurrent: boolean
  save: () => Promise<boolean>
  validate: () => Promise<PlanValidation | null>
  /** Saves unsaved changes first (when allowed); false when the save failed. */
  ensureSaved: () => Promise<boolean>
}

export function usePlanEditor(plan: Plan, canWrite: boolean): PlanEditorState {
  const [draft, setDraft] = useState<Draft>(plan.draft)
  const [saved, setSaved] = useState<{ draft: Draft; name: string; period: PlanPeriod }>({ draft: plan.draft, name: plan.name, period: plan.period })
  const [name, setName] = useState(plan.name)
  const [period, setPeriod] = useState<PlanPeriod>(plan.period)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<unknown>(null)
  const [validation, setValidation] = useState<PlanValidation | null>(null)
  const [validating, setValidating] = useState(false)
  const [validationError, setValidationError] = useState<unknown>(null)
  const invalidate = useInvalidateMlm()
  const planId = plan.id
  const latestDraft = useRef(draft)
  latestDraft.current = draft

  const dirty = !sameDraft(draft, saved.draft) || name !== saved.name || period !== saved.period

  const validate = useCallback(async () => {
    setValidating(true)
    setValidationError(null)
    try {
      const result = await mlmPost<PlanValidation>(mlmPath`/plans/${planId}/validate`, {})
      setValidation(result)
      return result
    } catch (error) {
      setValidationError(error)
      return null
    } finally {
      setValidating(false)
    }
  }, [planId])

  const save = useCallback(async () => {
    setSaving(true)
    setSaveError(null)
    try {
      const body: { draft: Draft; name?: string; period?: PlanPeriod } = { draft: latestDraft.current }
      if (name.trim() !== saved.name) body.name = name.trim()
      if (period !== saved.period) body.period = period
      const result = await mlmPost<{ plan: Plan }>(mlmPath`/plans/${planId}`, body)
      setSaved({ draft: result.plan.draft, name: result.plan.name, period: result.plan.period })
      setName(result.plan.name)
      await invalidate("/plans")
      await validate()
      return true
    } catch (error) {
      setSaveError(error)
      return false
    } finally {
      setSaving(false)
    }
  }, [invalidate, name, period, planId, saved.name, saved.period, validate])

  const ensureSaved = useCallback(async () => (dirty && canWrite ? save() : true), [canWrite, dirty, save])

  // The saved draft's issues as soon as the editor opens.
  useEffect(() => {
    void validate()
  }, [validate])

  return {
    draft,
    setDraft,
    name,
    setName,
    period,
    setPeriod,
    dirty,
    saving,
    saveError,
    validation,
    validating,
    validationError,
    validationIsCurrent: !dirty,
    save,
    validate,
    ensureSaved,
  }
}
