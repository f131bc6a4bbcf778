import { assert, assertEquals } from "../../tests/_helpers/assert.ts";
import { ensureSetups } from "./ensure.ts";
import { fakeMachine } from "./_fake.ts";
import { goBinary } from "./go.ts";
import { pipVenv } from "./pip.ts";

const quiet = { uid: 0, log: () => {} };

Deno.test("a Go-built client is installed once per version into the cache and named by its variable", async () => {
  const m = await fakeMachine(["apt-get", "go"]);
  try {
    m.script.set("go", async (args, env) => {
      assertEquals(args, ["install", "github.com/nektos/act@v0.2.80"]);
      await Deno.writeTextFile(`${env.GOBIN}/act`, "#!/bin/sh\n");
      return 0;
    });
    const act = goBinary({
      binary: "act",
      module: "github.com/nektos/act",
      version: "v0.2.80",
      envVar: "SOCKERLESS_ACT",
    });
    const env = await ensureSetups(m.ctx, new Map([["act", [act]]]), quiet);
    assertEquals(env, { SOCKERLESS_ACT: `${m.ctx.cache}/go/act-v0.2.80/act` });
    assertEquals(await Deno.readTextFile(env.SOCKERLESS_ACT), "#!/bin/sh\n");
    assertEquals(m.commands.length, 1);
    // Go is a tool of the build only: present here, so no Debian package was asked for.
    assertEquals(m.installed.size, 0);

    m.commands.length = 0;
    await ensureSetups(m.ctx, new Map([["act", [act]]]), quiet);
    assertEquals(m.commands, []);
  } finally {
    await m.dispose();
  }
});

Deno.test("PyPI pins go into a venv keyed by the requirements file; its python is handed on", async () => {
  const m = await fakeMachine(["apt-get"]);
  try {
    await Deno.writeTextFile(`${m.ctx.root}/reqs.txt`, "docker==7.1.0\n");
    m.script.set("python3", async (args) => {
      if (args[0] === "-c") return 0; // venv and ensurepip import
      assertEquals(args.slice(0, 2), ["-m", "venv"]);
      await Deno.mkdir(`${args[2]}/bin`, { recursive: true });
      await Deno.writeTextFile(`${args[2]}/bin/python`, "");
      return 0;
    });
    m.script.set("python", (args) => {
      assert(args.includes(`${m.ctx.root}/reqs.txt`), args.join(" "));
      return 0;
    });
    const venv = () =>
      pipVenv({ name: "docker-py", requirements: "reqs.txt", module: "docker", envVar: "PY" });
    const first = await ensureSetups(m.ctx, new Map([["docker-py", [venv()]]]), quiet);
    assert(first.PY.startsWith(`${m.ctx.cache}/pip/docker-py-`), first.PY);
    assert(m.commands.some((c) => c.includes("-m pip install")), m.commands.join("\n"));

    await Deno.writeTextFile(`${m.ctx.root}/reqs.txt`, "docker==7.1.1\n");
    const second = await ensureSetups(m.ctx, new Map([["docker-py", [venv()]]]), quiet);
    assert(second.PY !== first.PY, "a changed pin is a new venv");
  } finally {
    await m.dispose();
  }
});
