import { describe, expect, it } from "vitest";
import { GALERA_IMAGES } from "../cli/run-galera.ts";
import { validateConfig } from "../config/load.ts";
import { badInput } from "../core/testing.ts";
import { validateGaleraTopology } from "./galera/topology.ts";
import { optionReadings, ownedOption } from "./mysql-option-name.ts";
import { validateNdbTopology } from "./ndb/topology.ts";
import { validateRedisTopology } from "./redis/topology.ts";

const galera = (settings: Record<string, string>, providerOptions: Record<string, string> = {}) =>
  validateGaleraTopology({ image: "mariadb-galera-10.11", settings, providerOptions }, GALERA_IMAGES);
const redis = (settings: Record<string, string>) => validateRedisTopology({ settings }, ["redis-7.0"]);
const ndbSql = (sqlSettings: Record<string, string>) => validateNdbTopology({ sqlSettings }, ["ndb-8.0"]);

describe("how MariaDB and MySQL read an option's name", () => {
  it("dashes and underscores alike, any case, with loose-, skip-, disable-, enable- and maximum- stripped in any combination", () => {
    expect(optionReadings("LOOSE-Skip-Wsrep-On")).toEqual(["loose_skip_wsrep_on", "skip_wsrep_on", "wsrep_on"]);
    expect(optionReadings("maximum-port")).toEqual(["maximum_port", "port"]);
    expect(optionReadings("skip-name-resolve")).toEqual(["skip_name_resolve", "name_resolve"]);
  });

  it("an owned name itself, behind a prefix, or abbreviated (4 characters or more)", () => {
    const owned = ["wsrep_on", "wsrep_cluster_address", "bind_address"];
    expect(ownedOption("wsrep-on", owned)).toEqual({ owned: "wsrep_on", as: "name" });
    expect(ownedOption("loose-wsrep-on", owned)).toEqual({ owned: "wsrep_on", as: "prefixed" });
    expect(ownedOption("wsrep-cluster-addr", owned)).toEqual({ owned: "wsrep_cluster_address", as: "abbreviation" });
    expect(ownedOption("loose-bind", owned)).toEqual({ owned: "bind_address", as: "abbreviation" });
    expect(ownedOption("b", owned)).toBeUndefined();
    expect(ownedOption("wsrep_slave_threads", owned)).toBeUndefined();
  });
});

describe("settings faultline owns cannot be overridden however they are written", () => {
  it.each([
    ["loose-wsrep-on", "is set by faultline on every node (read by the server as wsrep_on"],
    ["loose-bind-address", "(read by the server as bind_address"],
    ["LOOSE_WSREP_PROVIDER", "(read by the server as wsrep_provider"],
    ["skip-wsrep-on", "(read by the server as wsrep_on"],
    ["disable-wsrep_on", "(read by the server as wsrep_on"],
    ["enable-wsrep-on", "(read by the server as wsrep_on"],
    ["maximum-port", "(read by the server as port"],
    ["loose-skip-wsrep-on", "(read by the server as wsrep_on"],
    ["wsrep-cluster-addr", "(the server takes it as an abbreviation of wsrep_cluster_address)"],
    ["bind", "(the server takes it as an abbreviation of bind_address)"],
    ["skip-networking", "is kept off by faultline on every node: faultline's clients and probes connect over plain TCP"],
    ["loose-require-secure-transport", "is kept off by faultline on every node (read by the server as require_secure_transport"],
  ])("Galera --set %s", (name, problem) => {
    const error = badInput(() => galera({ [name]: "OFF" }));
    expect(error.field).toBe(`set.${name}`);
    expect(error.message).toContain(problem);
  });

  it("Galera settings that only look alike are the user's", () => {
    const settings = {
      "skip-name-resolve": "OFF",
      "loose-innodb-buffer-pool-size": "64M",
      wsrep_slave_threads: "4",
      loose_wsrep_slave_threads: "4",
      b: "1",
    };
    expect(galera(settings).settings).toEqual(settings);
  });

  it.each(["gmcast.mcast_addr", "ist.recv_bind", "gmcast.listen_addr", "ist.recv_addr", "base_port"])(
    "Galera --provider-option %s: the link would bypass the mesh",
    (option) => {
      const error = badInput(() => galera({}, { [option]: "x" }));
      expect(error.field).toBe(`provider-options.${option}`);
      expect(error.message).toContain("would bypass the proxies, and partitions would silently not cut it");
    },
  );

  it.each([
    ["cluster-port", "would let traffic bypass the proxies"],
    ["cluster-announce-bus-port", "would let traffic bypass the proxies"],
    ["cluster-announce-port", "would let traffic bypass the proxies"],
    ["cluster-announce-tls-port", "would let traffic bypass the proxies"],
    ["cluster-announce-hostname", "would let traffic bypass the proxies"],
    ["cluster-announce-human-nodename", "would let traffic bypass the proxies"],
    ["replica-announce-ip", "would let traffic bypass the proxies"],
    ["slave-announce-port", "would let traffic bypass the proxies"],
    ["requirepass", "connect without credentials: with them it could not talk to the node"],
    ["masterauth", "connect without credentials"],
    ["masteruser", "connect without credentials"],
    ["aclfile", "connect without credentials"],
    ["user", "connect without credentials"],
    ["rename-command", "use CLUSTER, CONFIG and INFO by their names"],
    ["replicaof", "builds the replication itself"],
    ["slaveof", "builds the replication itself"],
  ])("Redis --set %s", (name, why) => {
    const error = badInput(() => redis({ [name]: "x" }));
    expect(error.field).toBe(`--set ${name}`);
    expect(error.message).toContain("is set by faultline itself: ");
    expect(error.message).toContain(why);
  });

  it("Redis settings of the user's own are accepted", () => {
    const settings = { "cluster-replica-no-failover": "yes", appendfsync: "always", "cluster-allow-reads-when-down": "yes" };
    expect(redis(settings).settings).toEqual(settings);
  });

  it.each([
    ["loose-bind-address", "(read by the server as bind_address"],
    ["skip-ndbcluster", "(read by the server as ndbcluster"],
    ["ndb-connectstr", "(the server takes it as an abbreviation of ndb_connectstring)"],
  ])("NDB SQL node setting %s", (name, problem) => {
    const error = badInput(() => ndbSql({ [name]: "x" }));
    expect(error.field).toBe(`sql-set.${name}`);
    expect(error.message).toContain(problem);
  });

  it("in a config file too: the config path and the reason", () => {
    const error = badInput(() =>
      validateConfig(
        { suites: { galera: { settings: { "loose-wsrep_provider": "none" } }, redis: { settings: { "cluster-port": 17000 } } } },
        "f.json",
      ),
    );
    expect(error.message).toContain(
      'config.suites.galera.settings["loose-wsrep_provider"]: is set by faultline on every node (read by the server as wsrep_provider',
    );
    expect(error.message).toContain('config.suites.redis.settings["cluster-port"]: is set by faultline itself');
  });
});
