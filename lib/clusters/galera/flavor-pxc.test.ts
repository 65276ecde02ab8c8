import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { ContainerSpec, StartedContainer } from "../../runtime/container.ts";
import type { ResolvedImage } from "../../runtime/images.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import type { GaleraNodePlan, GaleraSecrets } from "./flavor.ts";
import { clusterTrafficEncrypted, founderInit, PXC_PROVIDER, pxcFlavor, ROOT_CLIENT_CNF } from "./flavor-pxc.ts";
import { flavorDriver } from "./flavors.ts";
import { STATE_DIR } from "./node-script.ts";
import { PXC_OPTION_FILE } from "./pxc-option-file.ts";
import { generateTls, parseTlsOutput, TLS_DIR, tlsFiles, tlsScript } from "./pxc-tls.ts";
import { galeraAddresses } from "./server-args.ts";
import { DEFAULT_GALERA_TOPOLOGY, type GaleraTopology } from "./topology.ts";

const all = galeraAddresses(3, (i) => `10.213.0.${11 + i}`);
const PXC: GaleraTopology = { ...DEFAULT_GALERA_TOPOLOGY, image: "pxc-8.0", flavor: "pxc", sstMethod: "xtrabackup-v2" };
const secrets: GaleraSecrets = { rootPassword: "0123456789abcdef", files: [] };

const plan = (i: number, topology = PXC): GaleraNodePlan => ({
  topology,
  node: all[i] as (typeof all)[number],
  all,
  meshHost: "10.213.0.2",
  founder: i === 0,
  secrets,
});
const scriptOf = (spec: { entrypoint?: string[] }) => spec.entrypoint?.[2] ?? "";
const bashSyntaxOk = (script: string) => execFileSync("bash", ["-n", "-c", script], { stdio: "pipe" }).toString() === "";

describe("PXC flavor: node spec", () => {
  it("is registered, with mysqld, mysql, /var/lib/mysql and PXC's SST methods", () => {
    expect(flavorDriver("pxc")).toBe(pxcFlavor);
    expect([pxcFlavor.server, pxcFlavor.client, pxcFlavor.datadir]).toEqual(["mysqld", "mysql", "/var/lib/mysql"]);
    expect(pxcFlavor.sstMethods).toEqual(["xtrabackup-v2"]);
    expect(pxcFlavor.defaultSstMethod).toBe("xtrabackup-v2");
  });

  it("replaces the image's entrypoint by the node script, with the settings as its arguments and PXC's Galera library", () => {
    const spec = pxcFlavor.nodeSpec(plan(1));
    expect(spec.entrypoint?.slice(0, 2)).toEqual(["bash", "-c"]);
    expect(spec.entrypoint?.[3]).toBe("galera-node");
    expect(spec.command).toContain(`--wsrep-provider=${PXC_PROVIDER}`);
    expect(spec.command).toContain("--wsrep-cluster-address=gcomm://10.213.0.2:4567,10.213.0.12:4577,10.213.0.2:4587");
    expect(spec.command).toContain("--wsrep-node-address=10.213.0.12:4577");
    expect(spec.command).toContain("--wsrep-sst-method=xtrabackup-v2");
    expect(spec.command.every((a) => a.startsWith("--"))).toBe(true);
    expect(bashSyntaxOk(scriptOf(spec))).toBe(true);
  });

  it("the founder initialises its datadir without wsrep, then bootstraps through the entrypoint on its first start only", () => {
    const script = scriptOf(pxcFlavor.nodeSpec(plan(0)));
    expect(bashSyntaxOk(script)).toBe(true);
    expect(script.startsWith(`set -u\n${founderInit()}\n`)).toBe(true);
    expect(founderInit()).toContain('mysqld "$@" --wsrep-provider=none --initialize-insecure');
    expect(founderInit()).toContain("--wsrep-provider=none --skip-networking --socket=/tmp/faultline-init.sock &");
    expect(founderInit()).toContain("IDENTIFIED BY '$MYSQL_ROOT_PASSWORD'");
    expect(script).toContain(
      'if [ ! -e "/var/lib/faultline"/.faultline-started ]; then touch "/var/lib/faultline"/.faultline-started; exec /entrypoint.sh mysqld --wsrep-new-cluster "$@"; fi',
    );
    expect(script.split("\n").at(-1)).toBe('exec /entrypoint.sh mysqld "$@"');
  });

  it("a joiner neither initialises nor bootstraps on its first start; after a full crash it recovers at verbosity 3", () => {
    const script = scriptOf(pxcFlavor.nodeSpec(plan(2)));
    expect(script).not.toContain("--initialize-insecure");
    expect(script).not.toContain(".faultline-started ]; then");
    expect(script.split("\n").at(-1)).toBe('exec /entrypoint.sh mysqld "$@"');
    expect(script).toContain('mysqld "$@" --wsrep-recover --log-error-verbosity=3 --log-error=/tmp/wsrep-recover.log');
    expect(script).toContain("sed -n 's/.* Recovered position: *//p' /tmp/wsrep-recover.log | tail -n 1");
    expect(script).toContain('exec /entrypoint.sh mysqld --wsrep-new-cluster "$@"; fi');
  });

  it("makes the markers' directory beside the datadir, owned by the image's user (mysqld runs as uid 1001 and cannot create it)", () => {
    for (const i of [0, 1]) {
      expect(pxcFlavor.nodeSpec(plan(i)).files[0]).toEqual({
        path: "/var/lib/faultline",
        content: "",
        directory: true,
        mode: 0o700,
        uid: 1001,
        gid: 1001,
      });
    }
    expect(scriptOf(pxcFlavor.nodeSpec(plan(0)))).toContain('touch "/var/lib/faultline"/.faultline-started');
  });

  it("gives every node, the founder too, CLUSTER_JOIN (the entrypoint then never initialises), the root password, the cluster name, and telemetry off", () => {
    for (const i of [0, 1, 2]) {
      expect(pxcFlavor.nodeSpec(plan(i)).env).toEqual({
        MYSQL_ROOT_PASSWORD: "0123456789abcdef",
        CLUSTER_NAME: "faultline",
        CLUSTER_JOIN: "10.213.0.11,10.213.0.12,10.213.0.13",
        PERCONA_TELEMETRY_DISABLE: "1",
      });
    }
  });

  it("encrypts cluster traffic by default with the run's shared pair: server settings, and the same in an option file for the SST script", () => {
    const spec = pxcFlavor.nodeSpec(plan(0));
    expect(spec.command).toEqual(
      expect.arrayContaining([
        "--pxc-encrypt-cluster-traffic=ON",
        `--ssl-ca=${TLS_DIR}/ca.pem`,
        `--ssl-cert=${TLS_DIR}/server-cert.pem`,
        `--ssl-key=${TLS_DIR}/server-key.pem`,
      ]),
    );
    expect(spec.files.map((f) => f.path)).toEqual([STATE_DIR, ROOT_CLIENT_CNF, PXC_OPTION_FILE]);
    const cnf = spec.files[2]?.content;
    // [mysqld] first: with the switch on, the SST script reads the pair from that group only.
    expect(cnf).toContain(
      `[mysqld]\npxc-encrypt-cluster-traffic=ON\nssl-ca=${TLS_DIR}/ca.pem\nssl-cert=${TLS_DIR}/server-cert.pem\nssl-key=${TLS_DIR}/server-key.pem\n`,
    );
    expect(cnf).toContain(
      `[sst]\nencrypt=4\nssl-ca=${TLS_DIR}/ca.pem\nssl-cert=${TLS_DIR}/server-cert.pem\nssl-key=${TLS_DIR}/server-key.pem\n`,
    );
    expect(spec.files[2]?.mode).toBe(0o644);
    expect(spec.files[1]?.content).toBe("[client]\nuser=root\npassword=0123456789abcdef\n");
  });

  it("with pxc-encrypt-cluster-traffic off (any spelling), sets no TLS and writes the switch off, with no [sst], for the SST script", () => {
    for (const [name, value] of [
      ["pxc-encrypt-cluster-traffic", "OFF"],
      ["pxc_encrypt_cluster_traffic", "off"],
      ["pxc_encrypt_cluster_traffic", "0"],
    ] as const) {
      const t = { ...PXC, settings: { [name]: value } };
      expect(clusterTrafficEncrypted(t)).toBe(false);
      const spec = pxcFlavor.nodeSpec(plan(1, t));
      expect(spec.command.filter((a) => /^--(ssl|pxc[-_]encrypt)/.test(a))).toEqual([`--${name}=${value}`]);
      expect(spec.files.map((f) => f.path)).toEqual([STATE_DIR, ROOT_CLIENT_CNF, PXC_OPTION_FILE]);
      expect(spec.files[2]?.content).toContain("[mysqld]\npxc-encrypt-cluster-traffic=OFF\n");
      expect(spec.files[2]?.content).not.toContain("[sst]");
    }
    expect(clusterTrafficEncrypted({ ...PXC, settings: { pxc_encrypt_cluster_traffic: "ON" } })).toBe(true);
  });

  it("merges the user's settings last; one written with _ replaces faultline's TLS default written with -", () => {
    const t = { ...PXC, settings: { ssl_ca: "/mine/ca.pem", innodb_flush_log_at_trx_commit: "2" } };
    const command = pxcFlavor.nodeSpec(plan(0, t)).command;
    expect(command.filter((a) => a.startsWith("--ssl-ca") || a.startsWith("--ssl_ca"))).toEqual(["--ssl_ca=/mine/ca.pem"]);
    expect(command.slice(-2)).toEqual(["--ssl_ca=/mine/ca.pem", "--innodb_flush_log_at_trx_commit=2"]);
    expect(command).toContain(`--ssl-cert=${TLS_DIR}/server-cert.pem`);
    // The user's path reaches the SST script too.
    expect(pxcFlavor.nodeSpec(plan(0, t)).files[2]?.content).toContain("[mysqld]\npxc-encrypt-cluster-traffic=ON\nssl-ca=/mine/ca.pem\n");
  });
});

describe("PXC flavor: shutdown", () => {
  it("passes --pxc-maint-transition-period=0 to every node's server, the founder's temporary one and the recovery too (all take the arguments)", () => {
    for (const i of [0, 1, 2]) {
      const spec = pxcFlavor.nodeSpec(plan(i));
      expect(spec.command).toContain("--pxc-maint-transition-period=0");
      expect(scriptOf(spec)).toContain('mysqld "$@" --wsrep-recover');
    }
    expect(founderInit()).toContain('mysqld "$@" --wsrep-provider=none --skip-networking');
  });

  it("a user's pxc_maint_transition_period (any spelling) replaces it", () => {
    const command = pxcFlavor.nodeSpec(plan(1, { ...PXC, settings: { pxc_maint_transition_period: "5" } })).command;
    expect(command.filter((a) => /^--pxc[-_]maint[-_]transition[-_]period=/.test(a))).toEqual(["--pxc_maint_transition_period=5"]);
  });
});

describe("PXC flavor: SQL and secrets", () => {
  it("runs SQL as root through a client option file: no password in argv", () => {
    expect(pxcFlavor.sqlArgv("SELECT 1", secrets)).toEqual([
      "mysql",
      `--defaults-extra-file=${ROOT_CLIENT_CNF}`,
      "-N",
      "-B",
      "-e",
      "SELECT 1",
    ]);
  });

  it("makes a fresh hex root password per run and, with encryption off, no TLS material (no container)", async () => {
    const off = { ...PXC, settings: { pxc_encrypt_cluster_traffic: "OFF" } };
    const ctx = { topology: off, runtime: {} as Runtime, image: {} as ResolvedImage };
    const a = await pxcFlavor.secrets(ctx);
    const b = await pxcFlavor.secrets(ctx);
    expect(a.rootPassword).toMatch(/^[0-9a-f]{36}$/);
    expect(a.rootPassword).not.toBe(b.rootPassword);
    expect(a.files).toEqual([]);
  });
});

const pem = (kind: string) => `-----BEGIN ${kind}-----\nAAAA\n-----END ${kind}-----\n`;
const printed = (files: Record<string, string>) =>
  Object.entries(files)
    .map(([name, text]) => `faultline-tls ${name} ${Buffer.from(text).toString("base64")}`)
    .join("\n");

describe("PXC TLS material", () => {
  it("the script uses the image's mysql_ssl_rsa_setup, else openssl with distinct CNs, checks the pair and prints base64 lines", () => {
    const script = tlsScript("/tmp/t");
    expect(bashSyntaxOk(script)).toBe(true);
    expect(script).toContain('mysql_ssl_rsa_setup --datadir="$d"');
    expect(script).toContain('-subj "/CN=faultline-ca"');
    expect(script).toContain('-subj "/CN=faultline-server"');
    expect(script).toContain("openssl verify -CAfile ca.pem server-cert.pem");
    expect(script).toContain("for f in ca.pem server-cert.pem server-key.pem; do printf 'faultline-tls %s %s\\n'");
  });

  it("parses the printed files, ignoring other lines, and refuses a missing or non-PEM one", () => {
    const files = { "ca.pem": pem("CERTIFICATE"), "server-cert.pem": pem("CERTIFICATE"), "server-key.pem": pem("PRIVATE KEY") };
    expect(parseTlsOutput(`noise\n${printed(files)}\n+ trailing`)).toEqual(files);
    expect(() => parseTlsOutput(printed({ "ca.pem": pem("CERTIFICATE"), "server-cert.pem": pem("CERTIFICATE") }))).toThrow(
      /server-key.pem/,
    );
    expect(() => parseTlsOutput(printed({ ...files, "ca.pem": "garbage" }))).toThrow(/ca.pem/);
  });

  it("places the files under /etc/faultline/tls, owned by the image's user, the key readable by it alone", () => {
    const files = tlsFiles({ "ca.pem": "a", "server-cert.pem": "b", "server-key.pem": "c" });
    const owner = { uid: 1001, gid: 1001 };
    expect(files).toEqual([
      { path: `${TLS_DIR}/ca.pem`, content: "a", mode: 0o644, ...owner },
      { path: `${TLS_DIR}/server-cert.pem`, content: "b", mode: 0o644, ...owner },
      { path: `${TLS_DIR}/server-key.pem`, content: "c", mode: 0o600, ...owner },
    ]);
  });

  it("generates in a throwaway container of the image (role tls, no network), and removes it even when generation fails", async () => {
    const fake = (stdout: string, exitCode = 0) => {
      const seen: { spec?: ContainerSpec; cmd?: string[]; removed: boolean } = { removed: false };
      const runtime = {
        startContainer: async (spec: ContainerSpec) => {
          seen.spec = spec;
          return {
            exec: async (cmd: string[]) => {
              seen.cmd = cmd;
              return { exitCode, stdout, stderr: exitCode ? "openssl: command not found" : "" };
            },
            remove: async () => {
              seen.removed = true;
            },
          } as unknown as StartedContainer;
        },
      } as unknown as Runtime;
      return { runtime, seen };
    };
    const image = { ref: "percona/percona-xtradb-cluster:8.0" } as ResolvedImage;
    const files = { "ca.pem": pem("CERTIFICATE"), "server-cert.pem": pem("CERTIFICATE"), "server-key.pem": pem("PRIVATE KEY") };

    const ok = fake(printed(files));
    const got = await generateTls(ok.runtime, image);
    expect(got.map((f) => [f.path, f.content])).toEqual(Object.entries(files).map(([n, c]) => [`${TLS_DIR}/${n}`, c]));
    expect(ok.seen.spec?.image).toBe("percona/percona-xtradb-cluster:8.0");
    expect(ok.seen.spec?.role).toBe("tls");
    expect(ok.seen.spec?.network).toBeUndefined();
    expect(ok.seen.spec?.entrypoint).toEqual(["sleep"]);
    expect(ok.seen.cmd).toEqual(["bash", "-c", tlsScript()]);
    expect(ok.seen.removed).toBe(true);

    const failed = fake("", 127);
    await expect(generateTls(failed.runtime, image)).rejects.toThrow(/exit 127.*command not found/);
    expect(failed.seen.removed).toBe(true);
  });
});
