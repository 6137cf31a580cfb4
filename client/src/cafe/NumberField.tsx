/** A labelled number box of the set-up form (its value kept as typed, read with `Number`). */
export function NumberField({
  label,
  value,
  onChange,
  testId,
  ...limits
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  min?: number;
  max?: number;
  step?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        {...limits}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}
