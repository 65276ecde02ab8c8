import { describe, expect, it } from "vitest";
import { isSecretName, REDACTED, redactSecrets, redactSettingValues, shownSetting } from "./redact.ts";

describe("isSecretName: settings whose values are secrets", () => {
  it.each([
    "requirepass",
    "masterauth",
    "tls-key-file-pass",
    "wsrep_sst_auth",
    "file_key_management_filekey",
    "rootPassword",
    "MYSQL_ROOT_PASSWORD",
    "api-token",
    "client_secret",
    "private_key",
    "credentials",
  ])("%s is a secret's name", (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    "ssl-key",
    "tls-key-file",
    "ssl_cert",
    "socket.ssl_key",
    "appendfsync",
    "passed",
    "passes",
    "keys",
    "default_authentication_plugin",
    "maxmemory",
  ])("%s is not (paths and findings are kept)", (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe("redactSecrets", () => {
  it("every secret-named value at any depth, name=value pairs, PEM private keys; everything else as it was, the input unchanged", () => {
    const config = {
      topology: {
        masters: 3,
        settings: { requirepass: "hunter2", "tls-key-file-pass": "pp", "ssl-key": "/etc/ssl/k.pem", appendfsync: "always" },
        providerOptions: { "socket.ssl_key": "/k.pem" },
      },
      flags: { set: ["wsrep_sst_auth=root:pw", "innodb_flush_log_at_trx_commit=2"] },
      inline: "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----",
      results: { set: { checker: "set", valid: true, passed: 5, keys: ["k1"] } },
      empty: { requirepass: "" },
    };
    const copy = structuredClone(config);
    expect(redactSecrets(config)).toEqual({
      topology: {
        masters: 3,
        settings: { requirepass: REDACTED, "tls-key-file-pass": REDACTED, "ssl-key": "/etc/ssl/k.pem", appendfsync: "always" },
        providerOptions: { "socket.ssl_key": "/k.pem" },
      },
      flags: { set: [`wsrep_sst_auth=${REDACTED}`, "innodb_flush_log_at_trx_commit=2"] },
      inline: REDACTED,
      results: { set: { checker: "set", valid: true, passed: 5, keys: ["k1"] } },
      empty: { requirepass: "" },
    });
    expect(config).toEqual(copy);
  });

  it("messages: a secret setting's value shown redacted; a server's words with the secret values replaced", () => {
    expect(shownSetting("tls-key-file-pass", "s3cret")).toBe(REDACTED);
    expect(shownSetting("appendfsync", "always")).toBe('"always"');
    expect(redactSettingValues(">>> 'tls-key-file-pass \"s3cret x\"'", { "tls-key-file-pass": "s3cret x", appendfsync: "always" })).toBe(
      `>>> 'tls-key-file-pass "${REDACTED}"'`,
    );
  });
});
