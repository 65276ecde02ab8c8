import { settingName } from "./topology.ts";

/**
 * The option file faultline writes on every PXC node. The image's /etc/my.cnf includes
 * /etc/percona-xtradb-cluster.conf.d/, where Percona's Docker guide puts its own custom.cnf.
 */
export const PXC_OPTION_FILE = "/etc/percona-xtradb-cluster.conf.d/faultline.cnf";

const TLS_OPTIONS = ["ssl-ca", "ssl-cert", "ssl-key"] as const;

/** A setting's value however its name is written (ssl_ca, ssl-ca, SSL_CA); the last one given wins, as in mysqld. */
function settingValue(settings: Record<string, string>, name: string): string | undefined {
  return Object.entries(settings)
    .filter(([key]) => settingName(key) === settingName(name))
    .at(-1)?.[1];
}

/**
 * Whether pxc-encrypt-cluster-traffic is on, read as PXC's SST script reads it (wsrep_sst_common
 * `normalize_boolean` with the default "on"): off only for off, false or 0, in any case.
 */
export function trafficEncrypted(settings: Record<string, string>): boolean {
  const value = settingValue(settings, "pxc_encrypt_cluster_traffic");
  return value === undefined || !/^(off|0|false)$/i.test(value.trim());
}

/**
 * The option file, from the node's merged settings (faultline's defaults, the user's over them).
 *
 * Why a file at all, when mysqld gets the same settings as arguments: the SST script
 * (wsrep_sst_xtrabackup-v2) reads pxc-encrypt-cluster-traffic and ssl-ca/ssl-cert/ssl-key only
 * from option files (my_print_defaults), takes a missing switch for ON, and with ON reads the
 * `[mysqld]` group only ("The [sst] section is not searched"); without them the joiner looks for
 * ca.pem in its still-empty datadir and the first SST fails, with TLS on or off.
 *
 * ON: `[mysqld]` with the switch and the pair, plus `[sst] encrypt=4` with the same pair, as
 * Percona's Docker guide writes it. OFF: `[mysqld]` with the switch off, and no `[sst]` (an
 * encrypt=4 there would encrypt the SST of a cluster whose Galera traffic is plain).
 */
export function pxcOptionFile(settings: Record<string, string>): string {
  const header = "# Written by faultline before the node started: the SST script reads these from option files only.";
  if (!trafficEncrypted(settings)) return [header, "[mysqld]", "pxc-encrypt-cluster-traffic=OFF", ""].join("\n");
  const tls = TLS_OPTIONS.flatMap((name) => {
    const value = settingValue(settings, name);
    return value === undefined ? [] : [`${name}=${value}`];
  });
  return [header, "[mysqld]", "pxc-encrypt-cluster-traffic=ON", ...tls, "", "[sst]", "encrypt=4", ...tls, ""].join("\n");
}
