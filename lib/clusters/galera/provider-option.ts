import type { StartedGaleraCluster } from "./galera-cluster.ts";

/**
 * The server variable a provider option becomes when the wsrep provider is loaded as a plugin
 * (MariaDB 11.x: `pc.bootstrap` is `wsrep_provider_pc_bootstrap`, and YES is ON).
 */
export function providerOptionVariable(option: string, value: string): { name: string; value: string } {
  const v = /^(yes|true|on|1)$/i.test(value) ? "ON" : /^(no|false|off|0)$/i.test(value) ? "OFF" : `'${value.replace(/'/g, "''")}'`;
  return { name: `wsrep_provider_${option.replace(/\./g, "_")}`, value: v };
}

/**
 * Sets one provider option at run time. MariaDB 10.x takes it through wsrep_provider_options;
 * 11.x refuses that ("cannot be changed while the wsrep-provider plugin is loaded", seen on
 * 11.8) and takes the option's own variable instead.
 */
export async function setProviderOption(cluster: StartedGaleraCluster, node: string, option: string, value: string): Promise<string> {
  try {
    await cluster.sql(node, `SET GLOBAL wsrep_provider_options='${option}=${value}'`);
    return "wsrep_provider_options";
  } catch (error) {
    if (!/cannot be changed while the wsrep-provider plugin is loaded/.test(String(error))) throw error;
    const variable = providerOptionVariable(option, value);
    await cluster.sql(node, `SET GLOBAL ${variable.name}=${variable.value}`);
    return variable.name;
  }
}
