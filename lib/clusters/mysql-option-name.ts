/**
 * How MariaDB and MySQL servers read an option's name, so that a setting faultline owns is
 * recognised however it is written. The server (my_getopt):
 *
 * - treats - and _ alike, and option names case-insensitively;
 * - strips the prefixes `loose-` (no error if unknown), `skip-` and `disable-` (the option set to
 *   0/OFF), `enable-` (set to 1/ON) and `maximum-` (the session maximum), in any combination:
 *   `--loose-wsrep-on=OFF` turns wsrep off as `--wsrep-on=OFF` would;
 * - takes a unique abbreviation of a long option's name (MariaDB's my_getopt: `--wsrep-cluster-addr`
 *   sets wsrep_cluster_address, `--bind` bind_address). Whether one is unique depends on every
 *   option the server has, so an abbreviation of an owned name of 4 characters or more is
 *   treated as that name; shorter ones (`--b`, `--por`) are ambiguous among the server's
 *   hundreds of options, and the server refuses them itself.
 */

/** The shortest abbreviation taken as an owned name (see above). */
const MIN_ABBREVIATION = 4;

const PREFIXES = ["loose_", "skip_", "disable_", "enable_", "maximum_"] as const;

/** The spelling the server compares: lower case, underscores for dashes, no surrounding space. */
export const optionName = (name: string): string => name.trim().toLowerCase().replace(/-/g, "_");

/** Every name the server could read `name` as: itself and with its prefixes stripped (`loose_skip_x` gives `skip_x` and `x`). */
export function optionReadings(name: string): string[] {
  const readings = [optionName(name)];
  for (let i = 0; i < readings.length; i++) {
    const reading = readings[i] as string;
    for (const prefix of PREFIXES) {
      const rest = reading.slice(prefix.length);
      if (reading.startsWith(prefix) && rest !== "" && !readings.includes(rest)) readings.push(rest);
    }
  }
  return readings;
}

/**
 * The owned option `name` would set, if any, and how it was written: the owned name itself, or
 * an owned name behind a prefix, or an abbreviation of one. `owned` are names in optionName's
 * spelling.
 */
export function ownedOption(
  name: string,
  owned: readonly string[],
): { owned: string; as: "name" | "prefixed" | "abbreviation" } | undefined {
  const readings = optionReadings(name);
  for (const [i, reading] of readings.entries()) {
    const exact = owned.find((o) => o === reading);
    if (exact) return { owned: exact, as: i === 0 ? "name" : "prefixed" };
  }
  for (const reading of readings) {
    const longer = reading.length >= MIN_ABBREVIATION ? owned.find((o) => o.startsWith(reading)) : undefined;
    if (longer) return { owned: longer, as: "abbreviation" };
  }
  return undefined;
}

/** How a refusal says the name was read: `loose-wsrep-on` "(read by the server as wsrep_on)". */
export function readAs(match: { owned: string; as: "name" | "prefixed" | "abbreviation" }): string {
  if (match.as === "name") return "";
  if (match.as === "prefixed") return ` (read by the server as ${match.owned}: it strips loose-, skip-, disable-, enable- and maximum-)`;
  return ` (the server takes it as an abbreviation of ${match.owned})`;
}
