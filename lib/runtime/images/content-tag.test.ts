import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContextFile, contentTag, readContext } from "./content-tag.ts";

const file = (path: string, content: string): ContextFile => ({ path, content: Buffer.from(content) });

const dockerfile = file("Dockerfile", "ARG BASE\nFROM $BASE\nRUN apt-get install -y redis-server\n");
const conf = file("conf/redis.conf", "port 6379\n");
const inputs = { baseId: "sha256:1111" };

describe("contentTag", () => {
  it("is 12 lowercase hex characters", () => {
    expect(contentTag("redis-7.0", inputs, [dockerfile, conf])).toMatch(/^[0-9a-f]{12}$/);
    expect(contentTag("debian-bookworm", {}, [])).toMatch(/^[0-9a-f]{12}$/);
  });

  it("is stable for the same inputs, whatever the order of files and input keys", () => {
    const a = contentTag("redis-7.0", { baseId: "sha256:1111", extra: "x" }, [dockerfile, conf]);
    const b = contentTag("redis-7.0", { extra: "x", baseId: "sha256:1111" }, [conf, dockerfile]);
    expect(b).toBe(a);
    expect(contentTag("redis-7.0", inputs, [dockerfile, conf])).toBe(contentTag("redis-7.0", { ...inputs }, [dockerfile, conf]));
  });

  it("does not reorder the caller's file list", () => {
    const files = [dockerfile, conf];
    contentTag("redis-7.0", inputs, files);
    expect(files.map((f) => f.path)).toEqual(["Dockerfile", "conf/redis.conf"]);
  });

  it("changes when a file's content changes, even by one byte", () => {
    const before = contentTag("redis-7.0", inputs, [dockerfile, conf]);
    expect(contentTag("redis-7.0", inputs, [dockerfile, file("conf/redis.conf", "port 6380\n")])).not.toBe(before);
    expect(contentTag("redis-7.0", inputs, [dockerfile, file("conf/redis.conf", "port 6379")])).not.toBe(before);
  });

  it("changes when a file is added or removed", () => {
    const before = contentTag("redis-7.0", inputs, [dockerfile, conf]);
    expect(contentTag("redis-7.0", inputs, [dockerfile, conf, file("entrypoint.sh", "#!/bin/sh\n")])).not.toBe(before);
    expect(contentTag("redis-7.0", inputs, [dockerfile])).not.toBe(before);
    expect(contentTag("redis-7.0", inputs, [dockerfile, conf, file("empty", "")])).not.toBe(before);
  });

  it("changes when a file moves to another path with the same content", () => {
    const before = contentTag("redis-7.0", inputs, [dockerfile, conf]);
    expect(contentTag("redis-7.0", inputs, [dockerfile, file("redis.conf", "port 6379\n")])).not.toBe(before);
  });

  it("changes when an input changes, is added, or the recipe name changes", () => {
    const before = contentTag("redis-7.0", inputs, [dockerfile]);
    expect(contentTag("redis-7.0", { baseId: "sha256:2222" }, [dockerfile])).not.toBe(before);
    expect(contentTag("redis-7.0", { baseId: "sha256:1111", more: "" }, [dockerfile])).not.toBe(before);
    expect(contentTag("redis-8.0", inputs, [dockerfile])).not.toBe(before);
  });

  it("distinguishes swapping contents between two paths", () => {
    const a = contentTag("x", {}, [file("a", "1"), file("b", "2")]);
    const b = contentTag("x", {}, [file("a", "2"), file("b", "1")]);
    expect(a).not.toBe(b);
  });
});

describe("readContext", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "faultline-context-"));
    await writeFile(join(dir, "Dockerfile"), "FROM scratch\n");
    await writeFile(join(dir, ".gitignore"), "toxiproxy-server\n");
    await mkdir(join(dir, "conf", "deep"), { recursive: true });
    await writeFile(join(dir, "conf", "redis.conf"), "port 6379\n");
    await writeFile(join(dir, "conf", "deep", "extra.txt"), Buffer.from([0, 1, 2, 255]));
    await writeFile(join(dir, "conf", ".gitignore"), "*\n");
    await mkdir(join(dir, "empty-dir"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lists every file with forward-slash paths relative to the context, skipping .gitignore and directories", async () => {
    const files = await readContext(dir);
    expect(files.map((f) => f.path).sort()).toEqual(["Dockerfile", "conf/deep/extra.txt", "conf/redis.conf"]);
  });

  it("reads each file's bytes", async () => {
    const files = await readContext(dir);
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    expect(byPath.get("Dockerfile")?.toString("utf8")).toBe("FROM scratch\n");
    expect(byPath.get("conf/redis.conf")?.toString("utf8")).toBe("port 6379\n");
    expect([...(byPath.get("conf/deep/extra.txt") ?? [])]).toEqual([0, 1, 2, 255]);
  });

  it("gives the same tag as hand-written files with the same content", async () => {
    const files = await readContext(dir);
    expect(contentTag("t", {}, files)).toBe(
      contentTag("t", {}, [
        file("conf/redis.conf", "port 6379\n"),
        { path: "conf/deep/extra.txt", content: Buffer.from([0, 1, 2, 255]) },
        file("Dockerfile", "FROM scratch\n"),
      ]),
    );
  });

  it("an empty directory has no files", async () => {
    const empty = await mkdtemp(join(tmpdir(), "faultline-empty-"));
    try {
      expect(await readContext(empty)).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
