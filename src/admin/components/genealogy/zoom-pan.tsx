import { ArrowPathMini, MinusMini, PlusMini } from "@medusajs/icons"
import { IconButton, Text } from "@medusajs/ui"
import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode, type WheelEvent } from "react"

/**
 * A viewport that zooms and pans its content with one CSS transform (the content keeps its
 * layout, so a tree of nested lists stays a tree for screen readers and the keyboard). Zoom with
 * the buttons, Ctrl/⌘ + wheel, or + / - / 0 on the focused viewport; pan by dragging the
 * background, with the wheel, or with the arrow keys. Scale is whole percents (no float drift).
 */

const MIN_PERCENT = 30
const MAX_PERCENT = 200
const STEP_PERCENT = 10
const KEY_PAN_PX = 40

type View = { x: number; y: number; percent: number }
const HOME: View = { x: 0, y: 0, percent: 100 }

export function clampPercent(percent: number): number {
  return Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, percent))
}

export function ZoomPan({ children, label, testId }: { children: ReactNode; label: string; testId: string }) {
  const [view, setView] = useState<View>(HOME)
  const drag = useRef<{ pointerId: number; startX: number; startY: number; from: View } | null>(null)

  const zoom = (delta: number) => setView((current) => ({ ...current, percent: clampPercent(current.percent + delta) }))
  const pan = (dx: number, dy: number) => setView((current) => ({ ...current, x: current.x + dx, y: current.y + dy }))

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    // Buttons, links and inputs inside keep their clicks; only the background drags.
    if (event.button !== 0 || (event.target as HTMLElement).closest("button, a, input, select, textarea")) return
    drag.current = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, from: view }
    event.currentTarget.setPointerCapture(event.pointerId)
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const active = drag.current
    if (!active || active.pointerId !== event.pointerId) return
    setView({ ...active.from, x: active.from.x + event.clientX - active.startX, y: active.from.y + event.clientY - active.startY })
  }

  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    if (drag.current?.pointerId === event.pointerId) drag.current = null
  }

  function onWheel(event: WheelEvent<HTMLDivElement>) {
    if (event.ctrlKey || event.metaKey) zoom(event.deltaY < 0 ? STEP_PERCENT : -STEP_PERCENT)
    else pan(-event.deltaX, -event.deltaY)
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget) return
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [KEY_PAN_PX, 0],
      ArrowRight: [-KEY_PAN_PX, 0],
      ArrowUp: [0, KEY_PAN_PX],
      ArrowDown: [0, -KEY_PAN_PX],
    }
    if (moves[event.key]) pan(...moves[event.key])
    else if (event.key === "+" || event.key === "=") zoom(STEP_PERCENT)
    else if (event.key === "-") zoom(-STEP_PERCENT)
    else if (event.key === "0") setView(HOME)
    else return
    event.preventDefault()
  }

  return (
    <div className="flex flex-col gap-y-2">
      <div className="flex items-center gap-x-1" role="toolbar" aria-label={`${label}: zoom`}>
        <IconButton size="small" variant="transparent" aria-label="Zoom out" onClick={() => zoom(-STEP_PERCENT)} disabled={view.percent <= MIN_PERCENT} data-testid={`${testId}-zoom-out`}>
          <MinusMini />
        </IconButton>
        <Text size="xsmall" className="text-ui-fg-subtle w-12 text-center tabular-nums" aria-live="polite" data-testid={`${testId}-zoom-level`}>
          {view.percent}%
        </Text>
        <IconButton size="small" variant="transparent" aria-label="Zoom in" onClick={() => zoom(STEP_PERCENT)} disabled={view.percent >= MAX_PERCENT} data-testid={`${testId}-zoom-in`}>
          <PlusMini />
        </IconButton>
        <IconButton size="small" variant="transparent" aria-label="Reset zoom and position" onClick={() => setView(HOME)} data-testid={`${testId}-zoom-reset`}>
          <ArrowPathMini />
        </IconButton>
        <Text size="xsmall" className="text-ui-fg-muted pl-2">
          Drag or use the arrow keys to move; Ctrl + wheel or + / - to zoom.
        </Text>
      </div>
      <div
        className="bg-ui-bg-subtle border-ui-border-base relative h-[60vh] min-h-[320px] cursor-grab touch-none overflow-hidden rounded-md border outline-none focus-visible:shadow-borders-interactive-with-focus"
        tabIndex={0}
        role="region"
        aria-label={label}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        data-testid={`${testId}-viewport`}
      >
        <div
          className="absolute left-0 top-0 origin-top-left p-4"
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.percent / 100})` }}
          data-testid={`${testId}-canvas`}
          data-zoom-percent={view.percent}
        >
          {children}
        </div>
      </div>
    </div>
  )
}
