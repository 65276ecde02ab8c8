/** Parses `mariadb -N -B -e "SHOW GLOBAL STATUS LIKE 'wsrep_%'"`: one `name<TAB>value` per line. */
export function parseStatusRows(text: string): Record<string, string> {
  const status: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const tab = line.indexOf("\t");
    if (tab > 0) status[line.slice(0, tab).toLowerCase()] = line.slice(tab + 1).trim();
  }
  return status;
}

export interface GaleraSnapshot {
  name: string;
  status: Record<string, string>;
}

/**
 * What keeps a Galera cluster from being ready, per node and in words: Primary component,
 * the full size, Synced, ready, and one cluster state and configuration everywhere. Empty
 * means ready.
 */
export function galeraUnmet(snapshots: readonly GaleraSnapshot[], expectedSize: number): string[] {
  const unmet: string[] = [];
  const expect = (s: GaleraSnapshot, key: string, wanted: string) => {
    const value = s.status[key];
    if (value !== wanted) unmet.push(`${s.name}: ${key} is ${value ?? "(missing)"}, not ${wanted}`);
  };
  for (const s of snapshots) {
    expect(s, "wsrep_cluster_status", "Primary");
    expect(s, "wsrep_cluster_size", String(expectedSize));
    expect(s, "wsrep_local_state_comment", "Synced");
    expect(s, "wsrep_ready", "ON");
  }
  for (const key of ["wsrep_cluster_state_uuid", "wsrep_cluster_conf_id"]) {
    const values = new Map<string, string[]>();
    for (const s of snapshots) {
      const v = s.status[key] ?? "(missing)";
      values.set(v, [...(values.get(v) ?? []), s.name]);
    }
    if (values.size > 1) unmet.push(`${key} differs: ${[...values].map(([v, names]) => `${names.join("+")}=${v}`).join(" vs ")}`);
  }
  return unmet;
}
