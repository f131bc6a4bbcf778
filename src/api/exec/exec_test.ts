/**
 * Execs and starts that cannot begin, in process, as dockerd answers them: a missing
 * executable (127), an unknown user (126; a container's start fails), a missing working
 * directory (127), with the runtime's message as a 400 for a detached start.
 */
import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";

const { app } = testApp();
const MESSAGE = "OCI runtime exec failed: exec failed: unable to start container process: " +
  'exec: "nosuch": executable file not found in $PATH: unknown';

async function execOf(id: string, cmd: string[]): Promise<string> {
  const r = await call(
    app,
    "POST",
    `/containers/${id}/exec`,
    JSON.stringify({ Cmd: cmd, AttachStdout: true, AttachStderr: true }),
  );
  return (await r.json()).Id;
}

Deno.test("exec of a missing executable: 127 and the runtime's message", async () => {
  await (await call(app, "POST", "/images/create?fromImage=alpine")).text();
  const made = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({ Image: "alpine", Cmd: ["sleep", "600"] }),
  );
  const { Id } = await made.json();
  await (await call(app, "POST", `/containers/${Id}/start`)).text();
  const attached = await execOf(Id, ["nosuch", "arg"]);
  // The attached start hijacks the connection (its stdout is checked by the docker CLI
  // scenarios); in process it only proves the start is accepted and the code kept.
  const started = await call(app, "POST", `/exec/${attached}/start`, "{}");
  assertEquals(started.status, 200);
  await started.body?.cancel();
  const inspected = await (await call(app, "GET", `/exec/${attached}/json`)).json();
  assertEquals([inspected.Running, inspected.ExitCode], [false, 127]);
  const detached = await execOf(Id, ["nosuch"]);
  const r = await call(app, "POST", `/exec/${detached}/start`, JSON.stringify({ Detach: true }));
  assertEquals([r.status, await r.json()], [400, { message: MESSAGE }]);
  await (await call(app, "DELETE", `/containers/${Id}?force=1`)).text();
});

Deno.test("exec as an unknown user or in a missing directory fails to start, as runc", async () => {
  const made = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({ Image: "alpine", Cmd: ["sleep", "600"] }),
  );
  const { Id } = await made.json();
  await (await call(app, "POST", `/containers/${Id}/start`)).text();
  const start = async (config: Record<string, unknown>) => {
    const r = await call(app, "POST", `/containers/${Id}/exec`, JSON.stringify(config));
    const exec = (await r.json()).Id;
    const res = await call(app, "POST", `/exec/${exec}/start`, JSON.stringify({ Detach: true }));
    const inspected = await (await call(app, "GET", `/exec/${exec}/json`)).json();
    return [res.status, (await res.json()).message, inspected.ExitCode];
  };
  assertEquals(await start({ Cmd: ["id"], User: "ghost" }), [
    400,
    "unable to find user ghost: no matching entries in passwd file",
    126,
  ]);
  assertEquals(await start({ Cmd: ["pwd"], WorkingDir: "/nowhere" }), [
    400,
    "OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd " +
    '("/nowhere") set in config.json failed: no such file or directory: unknown',
    127,
  ]);
  await (await call(app, "DELETE", `/containers/${Id}?force=1`)).text();
});

Deno.test("a container whose user the image lacks fails its start", async () => {
  const made = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({ Image: "alpine", Cmd: ["id"], User: "ghost" }),
  );
  const { Id } = await made.json();
  const r = await call(app, "POST", `/containers/${Id}/start`);
  assertEquals([r.status, (await r.json()).message], [
    400,
    "unable to find user ghost: no matching entries in passwd file",
  ]);
  const state = (await (await call(app, "GET", `/containers/${Id}/json`)).json()).State;
  assertEquals([state.Status, state.ExitCode, state.Error], [
    "created",
    128,
    "unable to find user ghost: no matching entries in passwd file",
  ]);
  await (await call(app, "DELETE", `/containers/${Id}`)).text();
});
