/**
 * Secrets out of everything faultline writes (run.json, results.json, and the JUnit, Allure,
 * HTML and matrix reports made from them, which CI uploads as artifacts) and out of its own
 * messages. A setting's value is a secret when its name says so: a password, a passphrase, a
 * token, an auth string (Redis `requirepass`, `masterauth`, `tls-key-file-pass`; Galera
 * `wsrep_sst_auth`; MariaDB `file_key_management_filekey`). Paths are not secrets (`ssl-key`,
 * `tls-key-file` name a file, and the file is not in any report), so names about keys are kept
 * unless they are a key's passphrase or the key itself (`private_key`); a value holding a PEM
 * private key is redacted whatever its name.
 */

export const REDACTED = "<redacted>";

/** Words of a name that mark its value as a secret. */
const SECRET_WORDS = new Set([
  "pass",
  "password",
  "passwd",
  "passphrase",
  "pwd",
  "secret",
  "token",
  "auth",
  "credential",
  "credentials",
  "filekey",
  "apikey",
]);

/** `requirepass`, `rootPassword`, `wsrep_sst_auth`, `tls-key-file-pass`, `private_key`: a secret's name. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some(
    (word, i) =>
      SECRET_WORDS.has(word) || /(pass|password|auth|secret|token)$/.test(word) || (word === "key" && words[i - 1] === "private"),
  );
}

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** A string as a report may hold it: a PEM private key redacted, and so the value of a `name=value` pair whose name is a secret's. */
function redactString(text: string): string {
  if (PEM_PRIVATE_KEY.test(text)) return REDACTED;
  const eq = text.indexOf("=");
  if (eq > 0 && isSecretName(text.slice(0, eq))) return `${text.slice(0, eq)}=${REDACTED}`;
  return text;
}

/**
 * A copy of `value` with every secret redacted: the value of any key named as a secret (in
 * any object, at any depth: `config.topology.settings.requirepass`), `name=value` strings whose
 * name is a secret's (`--set` pairs), and PEM private keys. Pure; the input is not changed.
 */
export function redactSecrets<T>(value: T): T {
  return walk(value, new Set()) as T;
}

function walk(value: unknown, seen: Set<object>): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object" || seen.has(value)) return value;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => walk(v, seen));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = isSecretName(key) && v !== null && typeof v !== "object" && v !== "" ? REDACTED : walk(v, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** A setting's value as a message shows it: quoted, or redacted when the setting is a secret. */
export const shownSetting = (name: string, value: string): string => (isSecretName(name) ? REDACTED : JSON.stringify(value));

/** `text` (a server's own words about the settings it refused) with the values of secret settings replaced. */
export function redactSettingValues(text: string, settings: Readonly<Record<string, string>>): string {
  let out = text;
  for (const [name, value] of Object.entries(settings)) {
    if (isSecretName(name) && value.length > 0) out = out.split(value).join(REDACTED);
  }
  return out;
}
