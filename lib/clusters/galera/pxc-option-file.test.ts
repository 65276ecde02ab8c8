import { describe, expect, it } from "vitest";
import { PXC_OPTION_FILE, pxcOptionFile, trafficEncrypted } from "./pxc-option-file.ts";

const HEADER = "# Written by faultline before the node started: the SST script reads these from option files only.";
const PAIR = {
  "ssl-ca": "/etc/faultline/tls/ca.pem",
  "ssl-cert": "/etc/faultline/tls/server-cert.pem",
  "ssl-key": "/etc/faultline/tls/server-key.pem",
};

describe("PXC option file (what the SST script can read)", () => {
  it("lives in the directory the image's /etc/my.cnf includes", () => {
    expect(PXC_OPTION_FILE).toBe("/etc/percona-xtradb-cluster.conf.d/faultline.cnf");
  });

  it("TLS on: [mysqld] with the switch and the pair (the group the script reads when the switch is on), then [sst] encrypt=4", () => {
    expect(pxcOptionFile({ "wsrep-on": "ON", "pxc-encrypt-cluster-traffic": "ON", ...PAIR })).toBe(
      [
        HEADER,
        "[mysqld]",
        "pxc-encrypt-cluster-traffic=ON",
        "ssl-ca=/etc/faultline/tls/ca.pem",
        "ssl-cert=/etc/faultline/tls/server-cert.pem",
        "ssl-key=/etc/faultline/tls/server-key.pem",
        "",
        "[sst]",
        "encrypt=4",
        "ssl-ca=/etc/faultline/tls/ca.pem",
        "ssl-cert=/etc/faultline/tls/server-cert.pem",
        "ssl-key=/etc/faultline/tls/server-key.pem",
        "",
      ].join("\n"),
    );
  });

  it("a user's ssl_ca (any spelling) reaches both groups; the last one given wins, as in mysqld", () => {
    const text = pxcOptionFile({ ...PAIR, ssl_ca: "/mine/ca.pem" });
    expect(text.match(/^ssl-ca=.*$/gm)).toEqual(["ssl-ca=/mine/ca.pem", "ssl-ca=/mine/ca.pem"]);
    expect(text).toContain("ssl-cert=/etc/faultline/tls/server-cert.pem");
  });

  it("TLS off (any spelling and value mysqld reads as off): the switch off in [mysqld], no [sst], no pair", () => {
    const offs: Array<Record<string, string>> = [
      { "pxc-encrypt-cluster-traffic": "OFF" },
      { pxc_encrypt_cluster_traffic: "off" },
      { PXC_ENCRYPT_CLUSTER_TRAFFIC: "0" },
      { pxc_encrypt_cluster_traffic: " False " },
    ];
    for (const settings of offs) {
      expect(trafficEncrypted(settings)).toBe(false);
      expect(pxcOptionFile({ ...settings, ...PAIR })).toBe([HEADER, "[mysqld]", "pxc-encrypt-cluster-traffic=OFF", ""].join("\n"));
    }
  });

  it("the switch unset, or anything but off, is on: the SST script's own default", () => {
    expect(trafficEncrypted({})).toBe(true);
    expect(trafficEncrypted({ pxc_encrypt_cluster_traffic: "ON" })).toBe(true);
    expect(trafficEncrypted({ "pxc-encrypt-cluster-traffic": "1" })).toBe(true);
    expect(pxcOptionFile({})).toBe([HEADER, "[mysqld]", "pxc-encrypt-cluster-traffic=ON", "", "[sst]", "encrypt=4", ""].join("\n"));
  });
});
