import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BadInputError } from "../core/errors.ts";
import { PROJECT_ROOT } from "../core/paths.ts";
import { rejection } from "../core/testing.ts";
import { ConfigError } from "./errors.ts";
import { findConfigFile, jsonErrorOffset, loadConfig, parseJson } from "./load.ts";
import { DEFAULT_CONFIG } from "./schema.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "faultline-config-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => writeFile(join(dir, name), text);
const defineConfigUrl = pathToFileURL(join(PROJECT_ROOT, "lib", "config", "define-config.ts")).href;

async function badInput(promise: Promise<unknown>): Promise<BadInputError> {
  const error = await rejection(promise);
  if (!(error instanceof BadInputError)) throw error;
  expect(error.exitCode).toBe(2);
  return error;
}

describe("loadConfig", () => {
  it("no config file: the defaults, and no path", async () => {
    expect(await loadConfig(dir)).toEqual({ path: undefined, config: DEFAULT_CONFIG });
  });

  it("faultline.config.json, validated, defaults filled in", async () => {
    await write("faultline.config.json", JSON.stringify({ suites: { galera: { nodes: 5, targets: ["pxc-8.0"] } }, repeat: 3 }));
    const { path, config } = await loadConfig(dir);
    expect(path).toBe(join(dir, "faultline.config.json"));
    expect(config.suites.galera).toMatchObject({ nodes: 5, targets: ["pxc-8.0"], durationMs: 20_000 });
    expect(config.repeat).toBe(3);
  });

  it('faultline.config.ts with defineConfig (imported by its path here; `from "faultline"` in a project)', async () => {
    await write(
      "faultline.config.ts",
      `import { defineConfig } from ${JSON.stringify(defineConfigUrl)};
const masters: number = 4;
export default defineConfig({ suites: { redis: { masters, targets: ["redis-8.0", "valkey-8.1"] } } });
`,
    );
    const { path, config } = await loadConfig(dir);
    expect(path).toBe(join(dir, "faultline.config.ts"));
    expect(config.suites.redis).toMatchObject({ masters: 4, targets: ["redis-8.0", "valkey-8.1"] });
  });

  it("faultline.config.mts and .js: a plain default export", async () => {
    await write("faultline.config.mts", "export default { repeat: 2 };\n");
    expect((await loadConfig(dir)).config.repeat).toBe(2);
    await rm(join(dir, "faultline.config.mts"));
    await write("faultline.config.js", "export default { reports: { html: false } };\n");
    expect((await loadConfig(dir)).config.reports.html).toBe(false);
  });

  it('the example at the repository root is valid (and imports defineConfig from "faultline")', async () => {
    const { config } = await loadConfig(PROJECT_ROOT, "faultline.config.example.ts");
    expect(config.suites.redis.settings).toEqual({ appendfsync: "always" });
    expect(config.suites.galera.providerOptions).toEqual({ "evs.suspect_timeout": "PT3S" });
  });

  it("a bad .ts config: every problem, with the file", async () => {
    await write("faultline.config.ts", 'export default { suites: { ndb: { dataNodes: 3 }, redis: { fault: "crash" } } };\n');
    const error = await badInput(loadConfig(dir));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.field).toBe("config.suites.redis.fault");
    expect(error.message).toContain(`${join(dir, "faultline.config.ts")}: 1 problem`);
    expect(error.message).toContain('config.suites.redis.fault: expected one of "partition", "kill", "pause", "none", found "crash"');
    // Shapes first: the NDB rule is checked once the file's types are right.
    await write("faultline.config.ts", "export default { suites: { ndb: { dataNodes: 3 } } };\n");
    await write("other.config.ts", "export default { suites: { ndb: { dataNodes: 3 } } };\n");
    expect((await badInput(loadConfig(dir, "other.config.ts"))).field).toBe("config.suites.ndb.dataNodes");
  });

  it("a bad .json config: unknown key, with the file", async () => {
    await write("faultline.config.json", JSON.stringify({ suites: { redis: { nodes: 6 } } }));
    const error = await badInput(loadConfig(dir));
    expect(error.field).toBe("config.suites.redis.nodes");
    expect(error.message).toContain('found unknown key "nodes"');
  });

  it("two config files: bad input naming both, unless --config picks one", async () => {
    await write("faultline.config.ts", "export default {};\n");
    await write("faultline.config.json", "{}");
    const error = await badInput(loadConfig(dir));
    expect(error.field).toBe("config");
    expect(error.message).toContain("2 config files in");
    expect(error.message).toContain("faultline.config.ts, faultline.config.json");
    expect(error.message).toContain("--config <file>");
    expect(() => findConfigFile(dir)).toThrow(BadInputError);
    expect((await loadConfig(dir, "faultline.config.json")).path).toBe(join(dir, "faultline.config.json"));
  });

  it("--config naming a file that does not exist", async () => {
    const error = await badInput(loadConfig(dir, "nope.json"));
    expect(error.field).toBe("--config");
    expect(error.message).toContain(`${join(dir, "nope.json")} does not exist`);
  });

  it("a .ts config that does not load, or exports nothing", async () => {
    await write("faultline.config.ts", "export default { repeat: ;\n");
    const broken = await badInput(loadConfig(dir));
    expect(broken.field).toBe(join(dir, "faultline.config.ts"));
    expect(broken.message).toContain("could not be loaded");
    await write("faultline.config.mts", "export const config = { repeat: 2 };\n");
    const none = await badInput(loadConfig(dir, "faultline.config.mts"));
    expect(none.message).toContain("has no default export");
    expect(none.message).toContain("export default defineConfig");
  });

  it("JSON with a syntax error: its line and column", async () => {
    await write("faultline.config.json", '{\n  "suites": {\n    "redis": { "masters": 3, }\n  }\n}\n');
    const error = await badInput(loadConfig(dir));
    expect(error.field).toBe(`${join(dir, "faultline.config.json")}:3:30`);
    expect(error.message).toContain("is not valid JSON at line 3, column 30");
  });
});

describe("loadConfig: more bad files, each named with what is wrong", () => {
  it("a .ts syntax error: the file, and the line, column and token the compiler stopped at", async () => {
    await write("faultline.config.ts", "export default {\n  repeat: ;\n};\n");
    const error = await badInput(loadConfig(dir));
    expect(error).not.toBeInstanceOf(ConfigError);
    expect(error.field).toBe(join(dir, "faultline.config.ts"));
    expect(error.message).toContain(`${join(dir, "faultline.config.ts")}: could not be loaded:`);
    // The compiler's own words differ between tsx (the CLI: `2:10: ERROR: Unexpected ";"`) and vitest's transform
    // (`[PARSE_ERROR] Unexpected token ... 2:11`): both name the file's line 2 and an unexpected token.
    expect(error.message).toMatch(/faultline\.config\.ts:2:\d+/);
    expect(error.message).toMatch(/Unexpected/);
    expect(error.message).toContain("Fix the file so that it runs (npx tsx <file>).");
  });

  it("a .ts config that throws while loading: the file and the error", async () => {
    await write("faultline.config.mts", 'throw new Error("no such env var: FAULTLINE_TARGETS");\nexport default {};\n');
    const error = await badInput(loadConfig(dir));
    expect(error.field).toBe(join(dir, "faultline.config.mts"));
    expect(error.message).toContain("could not be loaded: no such env var: FAULTLINE_TARGETS");
  });

  it("a default export that is undefined is no default export", async () => {
    await write("faultline.config.mts", "export default undefined;\n");
    const error = await badInput(loadConfig(dir));
    expect(error.field).toBe(join(dir, "faultline.config.mts"));
    expect(error.message).toBe(
      `${join(dir, "faultline.config.mts")}: has no default export. End it with export default defineConfig({ ... }) (import { defineConfig } from "faultline").`,
    );
  });

  it("a default export, or a JSON document, that is not an object: expected and found", async () => {
    await write("faultline.config.mts", "export default 5;\n");
    const five = await badInput(loadConfig(dir));
    expect(five).toBeInstanceOf(ConfigError);
    expect(five.message).toBe(
      `${join(dir, "faultline.config.mts")}: 1 problem, nothing was started:\n  config: expected an object, found 5 (a number)\nFix the config (every key, its type and default: docs/config.md).`,
    );
    await write("list.json", "[]");
    const list = await badInput(loadConfig(dir, "list.json"));
    expect(list.field).toBe("config");
    expect(list.message).toContain("config: expected an object, found a list of 0 ([])");
  });

  it("JSON: an empty file, a comment, a missing closing brace: the line and column", async () => {
    await write("empty.json", "");
    const empty = await badInput(loadConfig(dir, "empty.json"));
    expect(empty.field).toBe(`${join(dir, "empty.json")}:1:1`);
    expect(empty.message).toContain("is not valid JSON at line 1, column 1");
    await write("comment.json", '{\n  // the suites\n  "repeat": 2\n}\n');
    const comment = await badInput(loadConfig(dir, "comment.json"));
    expect(comment.field).toBe(`${join(dir, "comment.json")}:2:3`);
    expect(comment.message).toContain("no comments or trailing commas in .json; use faultline.config.ts for those");
    await write("open.json", '{\n  "repeat": 2\n');
    expect((await badInput(loadConfig(dir, "open.json"))).field).toBe(`${join(dir, "open.json")}:3:1`);
  });

  it("three config files: every one named", async () => {
    await write("faultline.config.ts", "export default {};\n");
    await write("faultline.config.mts", "export default {};\n");
    await write("faultline.config.json", "{}");
    const error = await badInput(loadConfig(dir));
    expect(error.field).toBe("config");
    expect(error.message).toBe(
      `config: 3 config files in ${dir}: faultline.config.ts, faultline.config.mts, faultline.config.json (which one applies would be a guess). Keep one, or choose one with --config <file>.`,
    );
  });

  it("--config to a file of another kind, or to a directory: bad input naming the path and the kinds there are", async () => {
    await write("faultline.config.yaml", "repeat: 2\n");
    const yaml = await badInput(loadConfig(dir, "faultline.config.yaml"));
    expect(yaml.field).toBe(join(dir, "faultline.config.yaml"));
    expect(yaml.message).toBe(
      `${join(dir, "faultline.config.yaml")}: is not a .ts, .mts, .cts, .js, .mjs, .cjs or .json file. Write the config as faultline.config.ts or faultline.config.json.`,
    );
    const folder = await badInput(loadConfig(dir, "."));
    expect(folder.field).toBe("--config");
    expect(folder.message).toBe(`--config: ${dir} is a directory. Give the path of a faultline.config.ts or .json file.`);
    // A directory named like a config file is still a directory.
    await mkdir(join(dir, "x.json"));
    expect((await badInput(loadConfig(dir, "x.json"))).message).toContain("x.json is a directory");
  });

  it("--config to a missing file: the full message, with the fix", async () => {
    const error = await badInput(loadConfig(dir, "sub/nope.ts"));
    expect(error.message).toBe(`--config: ${join(dir, "sub", "nope.ts")} does not exist. Give the path of a faultline.config.ts or .json.`);
  });
});

describe("JSON error positions", () => {
  it.each([
    ['{"a": 1,}', 8],
    ['{"a": 1 "b": 2}', 8],
    ['{"a": tru}', 9],
    ["[1, 2", 5],
    ["", 0],
    ['{"a": 1} x', 9],
    ['{"a": "\\q"}', 8],
    ['{"a": 01}', 7],
  ])("%j fails at %i", (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it("valid JSON has no error position", () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}}';
    expect(jsonErrorOffset(text)).toBe(text.length);
    expect(parseJson(text, "f.json")).toEqual(JSON.parse(text));
  });

  it("line and column count from 1", () => {
    let error: unknown;
    try {
      parseJson('{\n"a": }', "f.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).field).toBe("f.json:2:6");
  });
});

describe("config files that crashed the loader: each is bad input naming the field, never a stack overflow or a serializer's error", () => {
  it("200000 unclosed [ in a .json: the line and column where it ends, not 'Maximum call stack size exceeded'", async () => {
    await write("faultline.config.json", "[".repeat(200_000));
    const error = await badInput(loadConfig(dir));
    expect(error.field).toBe(`${join(dir, "faultline.config.json")}:1:200001`);
    expect(error.message).toContain("is not valid JSON at line 1, column 200001");
    expect(jsonErrorOffset(`${"[".repeat(200_000)}${"]".repeat(199_999)}`)).toBe(399_999);
  });

  it("valid JSON nested 100000 deep in a value: the field and the depth, nothing walked past it", async () => {
    await write("faultline.config.json", `{"suites":{"redis":{"settings":{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}}}}`);
    const error = await badInput(loadConfig(dir));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`config.suites.redis.settings.x${"[0]".repeat(12)}: nests deeper than 16 levels`);
  });

  it("a .ts config whose getter throws: the field and the error", async () => {
    await write(
      "faultline.config.mts",
      'export default { suites: { redis: { get masters() { throw new Error("FAULTLINE_MASTERS is not set"); } } } };\n',
    );
    const error = await badInput(loadConfig(dir));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("config.suites.redis.masters: could not be read: its getter threw FAULTLINE_MASTERS is not set");
  });

  it("a BigInt, a cycle, a function and a class instance: each named, all at once", async () => {
    await write(
      "faultline.config.mts",
      [
        "const redis: Record<string, unknown> = { masters: 3n };",
        "redis.self = redis;",
        "export default { suites: { redis, galera: { nodes: () => 3, settings: new Map() } } };",
        "",
      ].join("\n"),
    );
    const error = await badInput(loadConfig(dir));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("4 problems, nothing was started");
    expect(error.message).toContain("config.suites.redis.masters: is a bigint, not data: write it as a number (5, not 5n)");
    expect(error.message).toContain("config.suites.redis.self: refers back to an object that contains it (a cycle)");
    expect(error.message).toContain("config.suites.galera.nodes: is a function, not data");
    expect(error.message).toContain("config.suites.galera.settings: is a Map, not plain data");
  });
});
