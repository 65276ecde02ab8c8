import { describe, expect, it } from "vitest";
import { formatImageTable, type ImageRow, imageRow } from "./images-command.ts";

const available = (
  name: string,
  source: "official" | "local",
  version: string,
  size: number,
  ref: string,
  action: ImageRow["action"],
): ImageRow =>
  imageRow(name, true, {
    image: { name, ref, id: "sha256:x", source, action: action ?? "present", engineVersion: version, sizeBytes: size },
  });

const unavailable = (name: string, error: string): ImageRow => imageRow(name, false, { error: new Error(error) });

describe("imageRow", () => {
  it("a resolved image lists its source, ref, version, size and action; an unresolved one its reason", () => {
    expect(available("redis-7.0", "local", "7.0.15", 3, "faultline/redis-7.0:abc", "built")).toEqual({
      name: "redis-7.0",
      available: true,
      source: "local",
      ref: "faultline/redis-7.0:abc",
      engineVersion: "7.0.15",
      sizeBytes: 3,
      action: "built",
      buildable: true,
    });
    expect(unavailable("pxc-8.0", "image pxc-8.0 is not available")).toEqual({
      name: "pxc-8.0",
      available: false,
      source: null,
      ref: null,
      engineVersion: null,
      sizeBytes: null,
      action: null,
      buildable: false,
      error: "image pxc-8.0 is not available",
    });
  });
});

describe("formatImageTable", () => {
  it("aligns the first four columns and leaves the last unpadded", () => {
    const table = formatImageTable([
      available("redis-7.0", "official", "7.0.15", 117_400_000, "redis:7.0", "present"),
      available("sidecar", "local", "1.8.9", 304_600_000, "faultline/sidecar:0123456789ab", "built"),
      unavailable("pxc-8.0", "image pxc-8.0 is not available"),
    ]);
    expect(table).toBe(
      [
        "NAME       SOURCE    VERSION  SIZE    IMAGE",
        "redis-7.0  official  7.0.15   117 MB  redis:7.0 (present)",
        "sidecar    local     1.8.9    305 MB  faultline/sidecar:0123456789ab (built)",
        "pxc-8.0    -         -        -       unavailable: image pxc-8.0 is not available",
      ].join("\n"),
    );
  });

  it("widens columns for long cells", () => {
    const table = formatImageTable([
      available(
        "mariadb-galera-10.11",
        "local",
        "10.11.18-MariaDB-0+deb12u1",
        1_234_567_890,
        "faultline/mariadb-galera-10.11:abc",
        "pulled",
      ),
    ]);
    expect(table).toBe(
      [
        "NAME                  SOURCE  VERSION                     SIZE     IMAGE",
        "mariadb-galera-10.11  local   10.11.18-MariaDB-0+deb12u1  1235 MB  faultline/mariadb-galera-10.11:abc (pulled)",
      ].join("\n"),
    );
  });

  it("with no rows, only the header", () => {
    expect(formatImageTable([])).toBe("NAME  SOURCE  VERSION  SIZE  IMAGE");
  });
});
