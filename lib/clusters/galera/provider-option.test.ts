import { describe, expect, it } from "vitest";
import { providerOptionVariable } from "./provider-option.ts";

describe("providerOptionVariable", () => {
  it("names the plugin variable of an option and turns YES/NO into ON/OFF", () => {
    expect(providerOptionVariable("pc.bootstrap", "YES")).toEqual({ name: "wsrep_provider_pc_bootstrap", value: "ON" });
    expect(providerOptionVariable("pc.ignore_sb", "false")).toEqual({ name: "wsrep_provider_pc_ignore_sb", value: "OFF" });
    expect(providerOptionVariable("evs.suspect_timeout", "PT3S")).toEqual({ name: "wsrep_provider_evs_suspect_timeout", value: "'PT3S'" });
    expect(providerOptionVariable("gcs.fc_limit", "it's")).toEqual({ name: "wsrep_provider_gcs_fc_limit", value: "'it''s'" });
  });
});
