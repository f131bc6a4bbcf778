import { assert, assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import { debian } from "./apt.ts";
import { built } from "./built.ts";
import { ensureSetups, SetupBlocked } from "./ensure.ts";
import { fakeMachine, installedProbe } from "./_fake.ts";
import { provided } from "./provided.ts";
import type { Requirement } from "./requirement.ts";

const quiet = { log: () => {} };

Deno.test("a machine that has everything runs no command at all", async () => {
  const m = await fakeMachine(["apt-get"]);
  try {
    m.installed.add("curl");
    const wanted = new Map([["curl", [debian("curl", installedProbe(m, "curl"), "curl")]]]);
    assertEquals(await ensureSetups(m.ctx, wanted, { uid: 0, ...quiet }), {});
    assertEquals(m.commands, []);
  } finally {
    await m.dispose();
  }
});

Deno.test("missing Debian packages of several setups install in one apt-get call", async () => {
  const m = await fakeMachine(["apt-get"]);
  try {
    const dep = (pkg: string) => debian(pkg, installedProbe(m, pkg), pkg);
    const wanted = new Map<string, Requirement[]>([
      ["registry", [dep("docker-registry"), dep("apache2-utils")]],
      ["gitlab-ci-local", [dep("rsync"), dep("apache2-utils")]],
    ]);
    await ensureSetups(m.ctx, wanted, { uid: 0, ...quiet });
    const installs = m.commands.filter((c) => c.includes(" install "));
    assertEquals(installs.length, 1);
    assert(installs[0].endsWith(" apache2-utils docker-registry rsync"), installs[0]);
    assert(m.commands[0].includes("apt-get -o DPkg::Lock::Timeout=600 update"), m.commands[0]);
    assertEquals([...m.installed].sort(), ["apache2-utils", "docker-registry", "rsync"]);
  } finally {
    await m.dispose();
  }
});

Deno.test("without root or sudo the set-up stops, changing nothing, and names the command", async () => {
  const m = await fakeMachine(["apt-get"]);
  try {
    let builds = 0;
    const wanted = new Map<string, Requirement[]>([
      ["registry", [debian("apache2-utils", installedProbe(m, "apache2-utils"), "htpasswd")]],
      ["npm-clients", [{
        id: "npm:x",
        label: "npm package x",
        present: () => Promise.resolve(false),
        install: () => Promise.resolve(void builds++),
      }]],
    ]);
    const err = await assertRejects(
      () => ensureSetups(m.ctx, wanted, { uid: 1000, ...quiet }),
      "htpasswd (Debian apache2-utils), for registry",
    );
    assert(err instanceof SetupBlocked);
    assert(err.message.includes("not root, and there is no sudo"), err.message);
    assert(
      err.message.includes("sudo apt-get install -y --no-install-recommends apache2-utils"),
      err.message,
    );
    assertEquals([m.commands, builds], [[], 0]);
  } finally {
    await m.dispose();
  }
});

Deno.test("a thing nothing here installs stops the run with how to get it", async () => {
  const m = await fakeMachine(["apt-get"]);
  try {
    const spec = provided("../shared/specs/x.yaml", "spec x", "it comes with shared/");
    const err = await assertRejects(
      () => ensureSetups(m.ctx, new Map([["docker-specs", [spec]]]), { uid: 0, ...quiet }),
      "/shared/specs/x.yaml is missing: it comes with shared/",
    );
    assert(err instanceof SetupBlocked);
  } finally {
    await m.dispose();
  }
});

Deno.test("a cached build needs its tools only once: a second clone just copies it", async () => {
  const m = await fakeMachine(["apt-get"]);
  try {
    await Deno.writeTextFile(`${m.ctx.root}/prog.c`, "int main(){}");
    m.script.set("cc", async (args) => {
      await Deno.writeTextFile(args[0], "binary");
      return 0;
    });
    const prog = () =>
      built({
        name: "prog",
        inputs: ["prog.c"],
        command: (_ctx, out) => ["cc", [`${out}/prog`]],
        output: "prog",
        tools: [debian("clang", installedProbe(m, "clang"), "clang")],
        copyTo: "prog",
      });
    await ensureSetups(m.ctx, new Map([["wasm", [prog()]]]), { uid: 0, ...quiet });
    assertEquals(await Deno.readTextFile(`${m.ctx.root}/prog`), "binary");
    assert(m.installed.has("clang"));
    assertEquals(m.commands.filter((c) => c.startsWith("cc ")).length, 1);

    // A fresh clone on the same machine: no tool is checked or installed, nothing is built.
    await Deno.remove(`${m.ctx.root}/prog`);
    m.installed.clear();
    m.commands.length = 0;
    await ensureSetups(m.ctx, new Map([["wasm", [prog()]]]), { uid: 0, ...quiet });
    assertEquals(await Deno.readTextFile(`${m.ctx.root}/prog`), "binary");
    assertEquals([m.commands, m.installed.size], [[], 0]);

    // A changed input is a new cache entry: built again.
    await Deno.writeTextFile(`${m.ctx.root}/prog.c`, "int main(){return 1;}");
    await ensureSetups(m.ctx, new Map([["wasm", [prog()]]]), { uid: 0, ...quiet });
    assertEquals(m.commands.filter((c) => c.startsWith("cc ")).length, 1);
  } finally {
    await m.dispose();
  }
});
