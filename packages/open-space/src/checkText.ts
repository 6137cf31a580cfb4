import { OpenSpaceError, OpenSpaceErrorCode } from "./OpenSpaceError";

/** Trims `value` and checks its length; throws `invalid-value` naming `field`. */
export function checkText(
  value: unknown,
  field: string,
  { max, allowEmpty = false }: { max: number; allowEmpty?: boolean },
): string {
  if (typeof value !== "string") {
    throw new OpenSpaceError(OpenSpaceErrorCode.InvalidValue, `${field} must be text.`, { field });
  }
  const text = value.trim();
  if (!allowEmpty && text.length === 0) {
    throw new OpenSpaceError(OpenSpaceErrorCode.InvalidValue, `${field} cannot be empty.`, {
      field,
    });
  }
  if (text.length > max) {
    throw new OpenSpaceError(
      OpenSpaceErrorCode.InvalidValue,
      `${field} is longer than ${max} characters.`,
      { field },
    );
  }
  return text;
}
