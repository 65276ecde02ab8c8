import { randomBytes } from "node:crypto";
import { InfrastructureError } from "../../core/errors.ts";
import { ContainerBuilder } from "../../runtime/container.ts";
import type { ResolvedImage } from "../../runtime/images.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import type { GaleraFile } from "./flavor.ts";

/** Where every node finds the run's CA, certificate and key. */
export const TLS_DIR = "/etc/faultline/tls";

/** The files every node gets; the server pair serves clients, Galera (gcomm, IST) and SST alike. */
export const TLS_FILES = { ca: "ca.pem", cert: "server-cert.pem", key: "server-key.pem" } as const;

const GENERATED = [TLS_FILES.ca, TLS_FILES.cert, TLS_FILES.key] as const;
const MARK = "faultline-tls";

/**
 * Shell that makes one CA and a server pair signed by it, then prints each file as
 * `faultline-tls <name> <base64>` on stdout (anything else the tools print goes to stderr or
 * is ignored by parseTlsOutput). Percona's Docker guide makes the shared material with the
 * image's own `mysql_ssl_rsa_setup -d /cert`; images without it (MySQL removed the tool after
 * 8.0) fall back to openssl, which the image installs, following Percona's "Generate keys and
 * certificates manually" steps (the CA's CN must differ from the server's).
 * Sources: percona/pxc-docs docs/docker.md and docs/encrypt-traffic.md.
 */
export function tlsScript(dir = "/tmp/faultline-tls"): string {
  return [
    "set -eu",
    `d=${dir}`,
    'rm -rf "$d" && mkdir -p "$d" && cd "$d"',
    "if command -v mysql_ssl_rsa_setup >/dev/null 2>&1; then",
    '  mysql_ssl_rsa_setup --datadir="$d" >&2',
    "else",
    '  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=faultline-ca" -keyout ca-key.pem -out ca.pem >&2',
    '  openssl req -newkey rsa:2048 -nodes -subj "/CN=faultline-server" -keyout server-key.pem -out server-req.pem >&2',
    "  openssl x509 -req -in server-req.pem -days 3650 -CA ca.pem -CAkey ca-key.pem -set_serial 01 -out server-cert.pem >&2",
    "fi",
    "openssl verify -CAfile ca.pem server-cert.pem >&2",
    `for f in ${GENERATED.join(" ")}; do printf '${MARK} %s %s\\n' "$f" "$(base64 -w0 "$f")"; done`,
  ].join("\n");
}

/** The PEM files printed by tlsScript; throws when one is missing or is not PEM. */
export function parseTlsOutput(stdout: string): Record<(typeof GENERATED)[number], string> {
  const found = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const [mark, name, data] = line.trim().split(" ");
    if (mark === MARK && name && data) found.set(name, Buffer.from(data, "base64").toString("utf8"));
  }
  const pem = (name: (typeof GENERATED)[number]): string => {
    const text = found.get(name);
    if (!text?.includes("-----BEGIN ")) throw new InfrastructureError(`TLS generation printed no PEM ${name}`);
    return text;
  };
  return { [TLS_FILES.ca]: pem(TLS_FILES.ca), [TLS_FILES.cert]: pem(TLS_FILES.cert), [TLS_FILES.key]: pem(TLS_FILES.key) };
}

/** The image's user (its Dockerfile's `USER 1001`): mysqld, Galera and the SST script read the files as it. */
export const PXC_UID = 1001;

/** The files as every node gets them: owned by the image's user, the key readable by it alone. */
export function tlsFiles(pems: Record<string, string>): GaleraFile[] {
  return GENERATED.map((name) => ({
    path: `${TLS_DIR}/${name}`,
    content: pems[name] ?? "",
    mode: name === TLS_FILES.key ? 0o600 : 0o644,
    uid: PXC_UID,
    gid: PXC_UID,
  }));
}

/**
 * Generates the run's CA and server pair in a throwaway container of the image (no network,
 * labeled like every container of the run), reads them out, and removes the container.
 */
export async function generateTls(runtime: Runtime, image: ResolvedImage): Promise<GaleraFile[]> {
  const container = await new ContainerBuilder(image.ref, `pxc-tls-${randomBytes(3).toString("hex")}`)
    .withRole("tls")
    .withEntrypoint(["sleep"])
    .withCommand(["3600"])
    .start(runtime);
  try {
    const r = await container.exec(["bash", "-c", tlsScript()], 120_000);
    if (r.exitCode !== 0) {
      throw new InfrastructureError(`TLS generation in ${image.ref} failed (exit ${r.exitCode}): ${r.stderr.trim().slice(-2000)}`);
    }
    return tlsFiles(parseTlsOutput(r.stdout));
  } finally {
    await container.remove();
  }
}
