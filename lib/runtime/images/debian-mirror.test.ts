import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { debianMirrorFrom, readAptSources } from "./debian-mirror.ts";

const deb822 = (text: string) => ({ path: "/etc/apt/sources.list.d/debian.sources", text });
const oneLine = (text: string) => ({ path: "/etc/apt/sources.list", text });

describe("debianMirrorFrom, deb822 .sources", () => {
  it("takes the URI of the release stanza, not the security one", () => {
    const text = [
      "Types: deb",
      "URIs: http://mirror.example/debian",
      "Suites: bookworm bookworm-updates",
      "Components: main",
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
      "",
      "Types: deb",
      "URIs: http://security.mirror.example/debian-security",
      "Suites: bookworm-security",
      "Components: main",
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
      "",
    ].join("\n");
    expect(debianMirrorFrom([deb822(text)])).toBe("http://mirror.example/debian");
  });

  it("skips a security-only stanza that comes first", () => {
    const text = [
      "Types: deb",
      "URIs: http://security.mirror.example/debian-security",
      "Suites: bookworm-security",
      "",
      "Types: deb",
      "URIs: http://mirror.example/debian",
      "Suites: bookworm",
    ].join("\n");
    expect(debianMirrorFrom([deb822(text)])).toBe("http://mirror.example/debian");
  });

  it("skips a stanza with Enabled: no", () => {
    const text = [
      "Types: deb",
      "URIs: http://disabled.example/debian",
      "Suites: bookworm",
      "Enabled: no",
      "",
      "Types: deb",
      "URIs: http://mirror.example/debian",
      "Suites: bookworm",
    ].join("\n");
    expect(debianMirrorFrom([deb822(text)])).toBe("http://mirror.example/debian");
  });

  it("skips a deb-src only stanza but takes one with both types", () => {
    const src = ["Types: deb-src", "URIs: http://src.example/debian", "Suites: bookworm"].join("\n");
    expect(debianMirrorFrom([deb822(src)])).toBeUndefined();
    const both = ["Types: deb deb-src", "URIs: http://both.example/debian", "Suites: trixie"].join("\n");
    expect(debianMirrorFrom([deb822(`${src}\n\n${both}`)])).toBe("http://both.example/debian");
  });

  it("takes the first of several URIs", () => {
    const text = ["Types: deb", "URIs: http://one.example/debian http://two.example/debian", "Suites: bookworm"].join("\n");
    expect(debianMirrorFrom([deb822(text)])).toBe("http://one.example/debian");
  });

  it("ignores commented-out fields and stanzas", () => {
    const text = [
      "# Types: deb",
      "# URIs: http://old.example/debian",
      "# Suites: bookworm",
      "",
      "Types: deb",
      "# URIs: http://commented.example/debian",
      "URIs: http://mirror.example/debian",
      "Suites: bookworm",
    ].join("\n");
    expect(debianMirrorFrom([deb822(text)])).toBe("http://mirror.example/debian");
  });

  it("a stanza with only -updates or -backports suites is not a release", () => {
    const text = ["Types: deb", "URIs: http://mirror.example/debian", "Suites: bookworm-updates bookworm-backports"].join("\n");
    expect(debianMirrorFrom([deb822(text)])).toBeUndefined();
  });

  it("handles CRLF line endings and blank lines with spaces between stanzas", () => {
    const text =
      "Types: deb-src\r\nURIs: http://src.example/debian\r\nSuites: bookworm\r\n   \r\n" +
      "Types: deb\r\nURIs: http://mirror.example/debian\r\nSuites: bookworm\r\n";
    expect(debianMirrorFrom([deb822(text)])).toBe("http://mirror.example/debian");
  });

  // Regression: found by review and fixed; this failed before the fix.
  it("skips a stanza with Enabled: false, as apt does", () => {
    const text = [
      "Types: deb",
      "URIs: http://disabled.example/debian",
      "Suites: bookworm",
      "Enabled: false",
      "",
      "Types: deb",
      "URIs: http://mirror.example/debian",
      "Suites: bookworm",
    ].join("\n");
    expect(debianMirrorFrom([deb822(text)])).toBe("http://mirror.example/debian");
  });
});

describe("debianMirrorFrom, one-line sources.list", () => {
  it("takes a plain deb line", () => {
    expect(debianMirrorFrom([oneLine("deb http://mirror.example/debian bookworm main\n")])).toBe("http://mirror.example/debian");
  });

  it("takes a deb line with options in brackets", () => {
    const text =
      "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg arch=amd64] http://mirror.example/debian bookworm main contrib\n";
    expect(debianMirrorFrom([oneLine(text)])).toBe("http://mirror.example/debian");
  });

  it("ignores comments, deb-src, -security and -updates lines", () => {
    const text = [
      "# deb http://commented.example/debian bookworm main",
      "   # indented comment",
      "deb-src http://src.example/debian bookworm main",
      "deb http://security.mirror.example/debian-security bookworm-security main",
      "deb http://mirror.example/debian bookworm-updates main",
      "deb http://mirror.example/debian bookworm main # trailing comment",
    ].join("\n");
    expect(debianMirrorFrom([oneLine(text)])).toBe("http://mirror.example/debian");
  });

  it("tolerates CRLF endings", () => {
    expect(debianMirrorFrom([oneLine("deb http://mirror.example/debian bookworm main\r\n")])).toBe("http://mirror.example/debian");
  });

  it("treats a .list file in sources.list.d the one-line way", () => {
    const file = { path: "/etc/apt/sources.list.d/extra.list", text: "deb http://list.example/debian trixie main\n" };
    expect(debianMirrorFrom([file])).toBe("http://list.example/debian");
  });
});

describe("debianMirrorFrom across files", () => {
  it("takes the first file that has one", () => {
    const empty = oneLine("# See sources.list.d/debian.sources\n");
    const found = deb822("Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n");
    const later = { path: "/etc/apt/sources.list.d/z.list", text: "deb http://later.example/debian bookworm main\n" };
    expect(debianMirrorFrom([empty, found, later])).toBe("http://mirror.example/debian");
  });

  it("is undefined when nothing qualifies", () => {
    expect(debianMirrorFrom([])).toBeUndefined();
    expect(debianMirrorFrom([oneLine("# nothing here\n\n")])).toBeUndefined();
    expect(debianMirrorFrom([deb822("")])).toBeUndefined();
    expect(debianMirrorFrom([oneLine("deb-src http://src.example/debian bookworm main\n")])).toBeUndefined();
  });
});

describe("readAptSources", () => {
  it("reads sources.list then .sources/.list files of sources.list.d in name order", async () => {
    const root = await mkdtemp(join(tmpdir(), "faultline-apt-"));
    try {
      await writeFile(join(root, "sources.list"), "# empty\n");
      await mkdir(join(root, "sources.list.d"));
      await writeFile(join(root, "sources.list.d", "b.sources"), "Types: deb\nURIs: http://b.example/debian\nSuites: bookworm\n");
      await writeFile(join(root, "sources.list.d", "a.list"), "deb http://a.example/debian bookworm main\n");
      await writeFile(join(root, "sources.list.d", "c.list.save"), "deb http://ignored.example/debian bookworm main\n");
      const files = await readAptSources(root);
      expect(files.map((f) => f.path)).toEqual([
        join(root, "sources.list"),
        join(root, "sources.list.d", "a.list"),
        join(root, "sources.list.d", "b.sources"),
      ]);
      expect(debianMirrorFrom(files)).toBe("http://a.example/debian");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("gives nothing for a root without apt files", async () => {
    const root = await mkdtemp(join(tmpdir(), "faultline-apt-"));
    try {
      expect(await readAptSources(root)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
