import { clx } from "@medusajs/ui"
import type { SelectHTMLAttributes } from "react"

/**
 * A plain <select> in the look of Medusa's inputs. The MLM filters and forms use it rather than
 * the Radix Select: it takes an empty value ("all"), works with the keyboard and in a form as the
 * browser's own control, and a browser test sets it with one `selectOption`.
 */
export type SelectOption = { value: string; label: string }

export function NativeSelect({
  options,
  className,
  testId,
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & { options: readonly SelectOption[]; testId?: string }) {
  return (
    <select
      {...props}
      data-testid={testId}
      className={clx(
        "bg-ui-bg-field shadow-borders-base txt-compact-small text-ui-fg-base h-8 rounded-md px-2 outline-none",
        "hover:bg-ui-bg-field-hover focus-visible:shadow-borders-interactive-with-active disabled:text-ui-fg-disabled disabled:bg-ui-bg-disabled",
        className
      )}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  )
}
