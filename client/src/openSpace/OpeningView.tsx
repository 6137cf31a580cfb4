/** Harrison Owen's four principles, the fifth many facilitators add, and the law of two feet. */
export const PRINCIPLES = [
  "Whoever comes are the right people.",
  "Whatever happens is the only thing that could have.",
  "Whenever it starts is the right time.",
  "When it's over, it's over.",
  "Wherever it happens is the right place.",
] as const;

/**
 * The opening circle on one screen: the sponsor's purpose, the principles, and the law of two
 * feet with its bumblebees and butterflies. The projector view shows the same, large.
 */
export function OpeningView({
  title,
  purpose,
  projector = false,
}: {
  title: string;
  purpose: string;
  projector?: boolean;
}) {
  return (
    <section
      className={projector ? "os-opening os-opening--projector" : "card os-opening"}
      aria-labelledby="os-opening-heading"
      data-testid="os-opening"
    >
      <h2 id="os-opening-heading">{title}</h2>
      <p className="os-opening__purpose" data-testid="os-purpose">
        {purpose.length > 0 ? purpose : "The sponsor will tell us why we are here."}
      </p>
      <h3>The principles</h3>
      <ol className="os-opening__principles">
        {PRINCIPLES.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ol>
      <h3>The law of two feet</h3>
      <p>
        If you find yourself neither learning nor contributing, use your two feet: go somewhere you
        can. <strong>Bumblebees</strong> fly from group to group and cross-pollinate;{" "}
        <strong>butterflies</strong> rest outside the groups, and good things happen around them.
      </p>
    </section>
  );
}
