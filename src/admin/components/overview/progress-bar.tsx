/** A determinate progress bar (Medusa UI has none); the percentage is also written out as text. */
export function ProgressBar({ percent, label, testId }: { percent: number; label: string; testId?: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)))
  return (
    <div className="flex items-center gap-x-2" data-testid={testId}>
      <div
        className="bg-ui-bg-subtle h-2 w-32 overflow-hidden rounded-full"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
      >
        <div className="bg-ui-fg-interactive h-full transition-[width]" style={{ width: `${value}%` }} />
      </div>
      <span className="txt-compact-small text-ui-fg-subtle">{value}%</span>
    </div>
  )
}
