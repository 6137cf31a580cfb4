/** The fewest characters of a participant id shown to tell two people of one name apart. */
export const NAME_TAG_MIN_LENGTH = 2;

/**
 * Display names that tell people apart: a name nobody else has is kept as it is; people who share
 * a name (compared trimmed and case-insensitively, so "Ana" and "ana " are the same) each get a
 * short tag from their own participant id, `Ana (k3)`, lengthened until it is unique among them.
 *
 * The tag depends only on the person's id and the ids of the others with that name, never on
 * the order people joined or the order a map was read in: every page shows the same labels, and
 * someone's label changes only when a namesake arrives (or leaves).
 */
export function distinguishNames(names: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const groups = new Map<string, string[]>();
  for (const [id, name] of names) {
    const key = name.trim().toLocaleLowerCase();
    const group = groups.get(key);
    if (group) group.push(id);
    else groups.set(key, [id]);
  }
  const out = new Map(names);
  for (const ids of groups.values()) {
    if (ids.length < 2) continue;
    for (const id of ids) {
      const name = names.get(id) ?? "";
      out.set(id, `${name.trim()} (${uniqueTag(id, ids)})`);
    }
  }
  return out;
}

/** The shortest prefix of `id` (at least `NAME_TAG_MIN_LENGTH`) that no other id of `ids` has. */
function uniqueTag(id: string, ids: readonly string[]): string {
  for (let length = NAME_TAG_MIN_LENGTH; length < id.length; length++) {
    const tag = id.slice(0, length);
    if (!ids.some((other) => other !== id && other.startsWith(tag))) return tag;
  }
  return id;
}
