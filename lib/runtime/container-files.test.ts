import { extract, type Header } from "tar-stream";
import { describe, expect, it } from "vitest";
import { entryName, tarOf } from "./container-files.ts";

async function entries(tar: Buffer): Promise<Array<{ header: Header; content: string }>> {
  const out: Array<{ header: Header; content: string }> = [];
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        out.push({ header, content: Buffer.concat(chunks).toString("utf8") });
        next();
      });
    });
    ex.on("finish", resolve);
    ex.on("error", reject);
  });
  ex.end(tar);
  await done;
  return out;
}

describe("tarOf", () => {
  it("holds one file entry per file, relative to /, with its mode, owner and content", async () => {
    const mtime = new Date("2025-01-01T00:00:00Z");
    const tar = await tarOf(
      [
        { path: "/etc/faultline/tls/ca.pem", content: "-----BEGIN CERTIFICATE-----\n" },
        { path: "/etc/faultline/tls/server-key.pem", content: Buffer.from("key\n"), mode: 0o600, uid: 1001, gid: 1001 },
      ],
      mtime,
    );
    const got = await entries(tar);
    expect(got.map((e) => [e.header.name, e.header.type, e.header.mode, e.header.uid, e.header.gid, e.content])).toEqual([
      ["etc/faultline/tls/ca.pem", "file", 0o644, 0, 0, "-----BEGIN CERTIFICATE-----\n"],
      ["etc/faultline/tls/server-key.pem", "file", 0o600, 1001, 1001, "key\n"],
    ]);
    expect(got[0]?.header.mtime?.toISOString()).toBe(mtime.toISOString());
  });

  it("writes no directory entries (extraction would reset an existing directory's mode and owner)", async () => {
    const got = await entries(await tarOf([{ path: "/tmp/a/b/c.txt", content: "c" }]));
    expect(got.map((e) => e.header.type)).toEqual(["file"]);
  });

  it("writes a directory entry, with its owner and mode (0755 unless given), only for a path given as a directory", async () => {
    const got = await entries(
      await tarOf([
        { path: "/var/lib/faultline", content: "", directory: true, mode: 0o700, uid: 1001, gid: 1001 },
        { path: "/var/lib/other", content: "ignored", directory: true },
      ]),
    );
    expect(got.map((e) => [e.header.name, e.header.type, e.header.mode, e.header.uid, e.header.gid, e.content])).toEqual([
      ["var/lib/faultline/", "directory", 0o700, 1001, 1001, ""],
      ["var/lib/other/", "directory", 0o755, 0, 0, ""],
    ]);
  });

  it("is an empty archive for no files", async () => {
    expect(await entries(await tarOf([]))).toEqual([]);
  });

  it("refuses relative, unnormalised, directory and repeated paths", async () => {
    for (const path of ["etc/x", "/etc/../x", "/etc//x", "/etc/x/", "/", "/etc/./x"]) {
      expect(() => entryName(path), path).toThrow(RangeError);
    }
    await expect(tarOf([{ path: "relative", content: "" }])).rejects.toThrow(/absolute/);
    await expect(
      tarOf([
        { path: "/a", content: "1" },
        { path: "/a", content: "2" },
      ]),
    ).rejects.toThrow(/twice/);
  });
});
