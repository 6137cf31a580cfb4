import { Field } from "./Field";

/** The box a participant types an event's code into (spaces, dashes and case do not matter). */
export function EventCodeField({
  value,
  onChange,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <Field
      label="Event code"
      hint="The code your facilitator shared, like K7Q-M2P."
      value={value}
      onChange={(e) => onChange(e.target.value)}
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      required
      data-testid={testId}
    />
  );
}
