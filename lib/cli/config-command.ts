import type { FaultlineConfig } from "../config/define-config.ts";
import { loadConfig } from "../config/load.ts";
import { printable } from "../core/printable.ts";

export interface ConfigFlags {
  /** Show the resolved config (defaults filled in). */
  print?: boolean;
  /** With --print: the config as JSON on stdout (loadable as a faultline.config.json), the source on stderr. */
  json?: boolean;
  /** The program's global `--config <file>`. */
  config?: string;
}

/**
 * `faultline config [--print] [--json]`: loads and validates the config (the global `--config`
 * file, else the one in the working directory, else the defaults). Without --print it says
 * where the config came from and that it is valid; bad input throws (exit 2 from main).
 */
export async function configCommand(
  flags: ConfigFlags,
  out: (text: string) => void,
  cwd: string = process.cwd(),
  note: (text: string) => void = (text) => process.stderr.write(`${printable(text)}\n`),
): Promise<number> {
  const { path, config } = await loadConfig(cwd, flags.config);
  const source = path === undefined ? `no config file in ${cwd} (looked for faultline.config.ts, .mts, .js, .json): the defaults` : path;
  if (!flags.print) {
    out(path === undefined ? `config: ${source}` : `config: ${path} is valid`);
    return 0;
  }
  if (flags.json) {
    note(`config from ${source}`);
    out(JSON.stringify(config, null, 2));
    return 0;
  }
  out(`# faultline config, from ${source}`);
  out(formatConfig(config));
  return 0;
}

/** What an optional key that is not set means, shown in place of its value. */
const UNSET: Record<string, string> = {
  "suites.galera.flavor": "guessed from each target (the catalog's flavor; pxc when a reference names percona or pxc, else mariadb)",
  "suites.galera.sst": "the flavor's default (rsync for mariadb, xtrabackup-v2 for pxc)",
};

/** The resolved config as YAML-like text: nested keys indented, lists of scalars inline. */
export function formatConfig(config: FaultlineConfig): string {
  const lines: string[] = [];
  const walk = (value: Record<string, unknown>, path: string[], indent: string) => {
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0) {
        lines.push(`${indent}${scalar(key)}:`);
        walk(v as Record<string, unknown>, [...path, key], `${indent}  `);
      } else lines.push(`${indent}${scalar(key)}: ${inline(v)}`);
    }
    // Optional keys without a default are absent from the resolved config: say what applies instead.
    for (const [at, meaning] of Object.entries(UNSET)) {
      const key = at.split(".").at(-1) as string;
      if (at === [...path, key].join(".") && value[key] === undefined) lines.push(`${indent}# ${key}: ${meaning}`);
    }
  };
  walk(config as unknown as Record<string, unknown>, [], "");
  return lines.join("\n");
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (value !== null && typeof value === "object") return "{}";
  return scalar(value);
}

/** A scalar as YAML reads it: strings quoted only where they would read as something else. */
function scalar(value: unknown): string {
  if (typeof value !== "string") return String(value);
  const plain = /^[A-Za-z_./][\w./+-]*(:[\w./+-]+)?$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
