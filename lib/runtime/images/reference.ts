import { BadInputError } from "../../core/errors.ts";

/**
 * Docker's image reference grammar (github.com/distribution/reference), checked before any
 * container starts: a reference Docker would refuse otherwise fails deep in a run with the
 * engine's words ("Request path contains unescaped characters") as that run's unknown.
 *
 *   [domain[:port]/]path-component[/path-component...][:tag][@algorithm:hex]
 */
const DOMAIN_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = new RegExp(`^${DOMAIN_PART}(?:\\.${DOMAIN_PART})*(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const NAME_MAX = 255;

/** A target written as an image reference (a / or a :) rather than a catalog name, valid or not. */
export const meantAsReference = (target: string): boolean => target.includes("/") || target.includes(":");

/** Why `ref` is not a reference Docker accepts, or undefined when it is one. */
export function imageReferenceProblem(ref: string): string | undefined {
  if (ref.trim() !== ref || /\s/.test(ref)) return "it contains white space";
  const [rest = "", digest, ...more] = ref.split("@");
  if (more.length > 0) return "it has more than one @";
  if (digest !== undefined && !DIGEST.test(digest)) return `the digest "${digest}" is not algorithm:hex (sha256:<64 hex digits>)`;
  // A tag follows the last colon after the last slash; a colon before a slash is a registry port.
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  const name = colon > slash ? rest.slice(0, colon) : rest;
  const tag = colon > slash ? rest.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) return `the tag "${tag}" is not 1 to 128 letters, digits, _, . or - (not starting with . or -)`;
  if (name === "") return "it has no name";
  if (name.length > NAME_MAX) return `the name is longer than ${NAME_MAX} characters`;
  const parts = name.split("/");
  // The first part is a registry when it looks like a host: a dot, a port, or localhost.
  const first = parts[0] as string;
  const hasDomain = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasDomain && !DOMAIN.test(first)) return `the registry "${first}" is not a host name with an optional :port`;
  for (const part of hasDomain ? parts.slice(1) : parts) {
    if (part === "") return "it has an empty path component (two slashes, or one at an end)";
    if (!PATH_COMPONENT.test(part))
      return `"${part}" is not a name component: lowercase letters and digits, separated by ., _, __ or dashes`;
  }
  return undefined;
}

/** Throws bad input, naming `field`, when `ref` is not a reference Docker accepts. */
export function badReference(ref: string, example: string, field = "image"): void {
  const problem = imageReferenceProblem(ref);
  if (problem)
    throw new BadInputError(
      field,
      `"${ref}" is not an image reference Docker accepts: ${problem}`,
      `Write it as [registry[:port]/]name[:tag][@sha256:digest], the name in lowercase, e.g. ${example}.`,
    );
}
