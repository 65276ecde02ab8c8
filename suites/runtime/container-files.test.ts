import { afterEach, describe, expect, it } from "vitest";
import { ContainerBuilder } from "../../lib/runtime/container.ts";
import { imageResolver } from "../../lib/runtime/images.ts";
import { Runtime } from "../../lib/runtime/runtime.ts";

const opened: Runtime[] = [];
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((r) => r.close()));
});

describe("files put into a container before it starts", () => {
  it("arrive with their content, mode and owner; missing directories are created, existing ones keep theirs; an empty directory gets its owner", async () => {
    const runtime = await Runtime.open();
    opened.push(runtime);
    const debian = await imageResolver(runtime).resolve("debian-bookworm");
    const key = "-----BEGIN PRIVATE KEY-----\nnot really a key\n-----END PRIVATE KEY-----\n";
    const container = await new ContainerBuilder(debian.ref, "files")
      .withRole("test")
      .withCommand(["sleep", "infinity"])
      .withFiles([
        { path: "/etc/faultline/nested/dir/settings.cnf", content: "[mysqld]\nssl-ca=/etc/faultline/ca.pem\n" },
        { path: "/tmp/server-key.pem", content: Buffer.from(key), mode: 0o600, uid: 1001, gid: 1001 },
        // As the PXC flavor makes its markers' directory for mysqld's uid.
        { path: "/var/lib/faultline", content: "", directory: true, mode: 0o700, uid: 1001, gid: 1001 },
      ])
      .start(runtime);

    const read = await container.exec(["cat", "/etc/faultline/nested/dir/settings.cnf", "/tmp/server-key.pem"]);
    expect(read.exitCode, read.stderr).toBe(0);
    expect(read.stdout).toBe(`[mysqld]\nssl-ca=/etc/faultline/ca.pem\n${key}`);

    const stat = await container.exec([
      "stat",
      "-c",
      "%n %a %u:%g",
      "/etc/faultline/nested/dir/settings.cnf",
      "/tmp/server-key.pem",
      "/etc/faultline",
      "/etc/faultline/nested/dir",
      "/tmp",
      "/etc",
      "/var/lib/faultline",
      "/var/lib",
    ]);
    expect(stat.exitCode, stat.stderr).toBe(0);
    expect(stat.stdout.trim().split("\n")).toEqual([
      "/etc/faultline/nested/dir/settings.cnf 644 0:0",
      "/tmp/server-key.pem 600 1001:1001",
      "/etc/faultline 755 0:0",
      "/etc/faultline/nested/dir 755 0:0",
      "/tmp 1777 0:0",
      "/etc 755 0:0",
      "/var/lib/faultline 700 1001:1001",
      "/var/lib 755 0:0",
    ]);
    // Empty: the directory entry brings nothing else.
    const listed = await container.exec(["ls", "-A", "/var/lib/faultline"]);
    expect(listed.stdout).toBe("");
  });
});
