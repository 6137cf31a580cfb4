import type { ReactNode } from "react";
import { useAuthorizedImage } from "../cafe/useAuthorizedImage";
import { Link } from "../router/Link";
import "../cafe/cafe.css";

export interface QrCardProps {
  /** The token that may fetch `qrPath` (the QR picture is behind authorisation). */
  token: string;
  /** The server's QR picture of `link`. */
  qrPath: string;
  /** The join link the QR code holds, also offered as a plain link. */
  link: string;
  title: string;
  /** A line under the title (a table's question, a session's place and conveners). */
  detail?: ReactNode;
  /** Where the link takes a newcomer, e.g. "sit at this table". */
  goal: string;
  /** The QR picture's alternative text. */
  qrAlt: string;
  joinCode: string;
  /** Test ids: `<testId>`, `<testId>-qr` and `<testId>-link`. */
  testId: string;
  /** Extra attributes on the card (e.g. `data-table-id`). */
  data?: Record<`data-${string}`, string>;
}

/**
 * One printable card: a title, a line, and a QR code (with the same link in words) that lets
 * someone who has not joined yet join the event and go straight to a table or a session.
 */
export function QrCard(props: QrCardProps) {
  const { token, qrPath, link, title, detail, goal, qrAlt, joinCode, testId, data } = props;
  const qr = useAuthorizedImage(qrPath, token, "image/svg+xml");
  return (
    <li className="table-card" data-testid={testId} {...data}>
      <h2 className="table-card__name">{title}</h2>
      {detail ? <p className="table-card__question">{detail}</p> : null}
      {qr ? (
        <img
          className="table-card__qr"
          src={qr}
          width={220}
          height={220}
          alt={qrAlt}
          data-testid={`${testId}-qr`}
        />
      ) : (
        <p role="status">Drawing the QR code…</p>
      )}
      <p className="table-card__how">
        Scan to join and {goal}, or{" "}
        <a href={link} data-testid={`${testId}-link`}>
          open its link
        </a>{" "}
        (the event's code is <strong>{joinCode}</strong>).
      </p>
    </li>
  );
}

/** A sheet of printable cards: the way back, a print button, a heading, and the cards. */
export function QrCardSheet({
  back,
  backLabel,
  heading,
  empty,
  children,
}: {
  back: string;
  backLabel: string;
  heading: string;
  /** Said instead when there are no cards; null when there are. */
  empty: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <div className="table-cards__bar">
        <Link to={back}>{backLabel}</Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print the cards
        </button>
      </div>
      <h1 className="table-cards__title">{heading}</h1>
      {empty ? <p>{empty}</p> : null}
      <ul className="table-cards">{children}</ul>
    </>
  );
}
