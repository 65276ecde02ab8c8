import { describe, expect, it } from "vitest";
import { imageReferenceProblem } from "./reference.ts";

describe("imageReferenceProblem", () => {
  it("accepts the references users give", () => {
    for (const ref of [
      "percona/percona-xtradb-cluster:8.0",
      "mysql/mysql-cluster:8.0",
      "ghcr.io/shopify/toxiproxy:2.12.0",
      "container-registry.oracle.com/mysql/community-cluster:8.0",
      "localhost:5000/team/mariadb-galera:11.8",
      "localhost/galera",
      "mariadb:11.8",
      "my_org/my__image-name.x:v1.2_rc-3",
      `mariadb@sha256:${"a".repeat(64)}`,
      `registry.example.com:8443/db/mariadb:11.8@sha256:${"0f".repeat(32)}`,
    ])
      expect(imageReferenceProblem(ref), ref).toBeUndefined();
  });

  it("names what is wrong", () => {
    for (const [ref, problem] of [
      ["Bad Image:x", "white space"],
      [" mariadb:11.8", "white space"],
      ["Percona/pxc:8.0", '"Percona" is not a name component'],
      ["percona//pxc:8.0", "empty path component"],
      ["percona/pxc/:8.0", "empty path component"],
      ["percona/pxc:", 'the tag ""'],
      ["percona/pxc:-rc", 'the tag "-rc"'],
      [`percona/pxc:${"x".repeat(129)}`, "the tag"],
      [":8.0", "no name"],
      ["mariadb@sha256:abc", 'the digest "sha256:abc"'],
      ["mariadb@a@b", "more than one @"],
      ["bad_host.example.com/db/mariadb:1", 'the registry "bad_host.example.com"'],
      ["percona/pxc-:8.0", '"pxc-" is not a name component'],
      [`a/${"b".repeat(256)}`, "longer than 255"],
    ] as const)
      expect(imageReferenceProblem(ref), ref).toContain(problem);
  });
});
